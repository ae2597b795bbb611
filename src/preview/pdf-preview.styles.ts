import { css } from 'lit';

/** The pdf previewer's own styles: the pages, the find box, and pdf.js's text layer. */
export const pdfPreviewStyles = css`
  .scroller {
    background: var(--_message-bg, #eef1f4);
    padding: 12px 0;
  }
  .pages {
    display: flex;
    flex-direction: column;
    align-items: center;
    gap: 12px;
    width: max-content;
    min-width: 100%;
    padding-inline: 12px;
  }
  .page {
    position: relative;
    flex: none;
    background: #fff;
    box-shadow: 0 1px 3px #0003;
    --scale-round-x: 1px;
    --scale-round-y: 1px;
    --user-unit: 1;
    --total-scale-factor: calc(var(--scale-factor) * var(--user-unit));
  }
  .page canvas {
    position: absolute;
    inset: 0;
    width: 100%;
    height: 100%;
  }
  .page .page-error {
    position: absolute;
    inset: 1rem;
    color: #b00;
  }
  .find {
    display: flex;
    align-items: center;
    gap: 0.25rem;
  }
  .find input {
    width: 10rem;
    min-height: 2.25rem;
    padding: 0.25rem 0.5rem;
    border: 1px solid var(--_border, #d1d9e0);
    border-radius: 0.375rem;
    background: var(--_input-bg, #fff);
  }
  .alert {
    margin: 0;
    padding: 0.375rem 0.5rem;
    color: var(--_error, #d1242f);
    font-size: 0.875rem;
  }
  /* pdf.js text layer (from pdf_viewer.css, without nesting) */
  .textLayer {
    position: absolute;
    text-align: initial;
    inset: 0;
    overflow: clip;
    opacity: 1;
    line-height: 1;
    text-size-adjust: none;
    forced-color-adjust: none;
    transform-origin: 0 0;
    caret-color: CanvasText;
    z-index: 0;
    --min-font-size: 1;
    --text-scale-factor: calc(var(--total-scale-factor) * var(--min-font-size));
    --min-font-size-inv: calc(1 / var(--min-font-size));
  }
  .textLayer :is(span, br) {
    color: transparent;
    position: absolute;
    white-space: pre;
    cursor: text;
    transform-origin: 0% 0%;
    user-select: text;
  }
  .textLayer > :not(.markedContent),
  .textLayer .markedContent span:not(.markedContent) {
    z-index: 1;
    --font-height: 0;
    font-size: calc(var(--text-scale-factor) * var(--font-height));
    --scale-x: 1;
    --rotate: 0deg;
    transform: rotate(var(--rotate)) scaleX(var(--scale-x)) scale(var(--min-font-size-inv));
  }
  .textLayer .markedContent {
    display: contents;
  }
  .textLayer ::selection {
    background: color-mix(in srgb, AccentColor, transparent 50%);
    color: transparent;
  }
  .textLayer br::selection {
    background: transparent;
  }
  .textLayer .endOfContent {
    display: block;
    position: absolute;
    inset: 100% 0 0;
    z-index: 0;
    cursor: default;
    user-select: none;
  }
  .textLayer .highlight {
    position: static;
    margin: -1px;
    padding: 1px;
    border-radius: 4px;
    background-color: rgb(255 200 0 / 0.45);
  }
  .textLayer .highlight.selected {
    background-color: rgb(0 120 255 / 0.45);
  }
`;
