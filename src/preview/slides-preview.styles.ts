import { css } from 'lit';

/** The slides previewer's own styles: a column of slides as wide as the dialog, notes under each. */
export const slidesPreviewStyles = css`
  .scroller {
    background: var(--_message-bg, #eef1f4);
    padding: 12px;
  }
  .slides {
    display: flex;
    flex-direction: column;
    gap: 16px;
    max-width: 1200px;
    margin-inline: auto;
  }
  .slide {
    margin: 0;
  }
  .label {
    margin: 0 0 4px;
    font-size: 0.8125rem;
    font-weight: 600;
    color: var(--_muted, #59636e);
    font-variant-numeric: tabular-nums;
  }
  .canvas {
    position: relative;
    width: 100%;
    background: #fff;
    box-shadow: 0 1px 3px #0003;
    overflow: hidden;
  }
  .canvas iframe {
    position: absolute;
    inset: 0;
    width: 100%;
    height: 100%;
    border: 0;
    background: #fff;
  }
  .canvas .failed {
    position: absolute;
    inset: 1rem;
    margin: 0;
    color: var(--_error, #d1242f);
  }
  .warm {
    position: absolute;
    width: 1px;
    height: 1px;
    border: 0;
    visibility: hidden;
  }
  .notes {
    margin-top: 6px;
    padding: 0.5rem 0.75rem;
    border-inline-start: 3px solid var(--_accent, #0969da);
    background: var(--_bg, #fff);
    font-size: 0.875rem;
    overflow-wrap: anywhere;
  }
  .notes h4 {
    margin: 0 0 0.25rem;
    font-size: 0.8125rem;
  }
  .notes p {
    margin: 0 0 0.25rem;
    white-space: pre-wrap;
  }
  .notes .none {
    color: var(--_muted, #59636e);
  }
`;
