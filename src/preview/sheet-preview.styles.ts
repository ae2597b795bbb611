import { css } from 'lit';

/** The spreadsheet previewer: sheet tabs in the toolbar, then the grid (28px rows). */
export const sheetPreviewStyles = css`
  .tabs {
    display: flex;
    gap: 0.25rem;
    min-width: 0;
    max-width: 100%;
    overflow-x: auto;
    scrollbar-width: thin;
  }
  [role='tab'] {
    flex: none;
    max-width: 16rem;
    overflow: hidden;
    white-space: nowrap;
    text-overflow: ellipsis;
    border-radius: 0.375rem 0.375rem 0 0;
  }
  [role='tab'][aria-selected='true'] {
    border-color: var(--_accent, #0969da);
    box-shadow: inset 0 -2px 0 var(--_accent, #0969da);
    font-weight: 600;
  }
  [role='tab'].hidden-sheet {
    font-style: italic;
    color: var(--_muted, #59636e);
  }
  .tag {
    margin-inline-start: 0.375rem;
    padding: 0 0.25rem;
    border: 1px solid currentColor;
    border-radius: 0.25rem;
    font-size: 0.75rem;
    font-style: normal;
  }
  .panel {
    flex: 1;
    min-height: 0;
    display: flex;
    flex-direction: column;
  }
  .empty {
    margin: 0;
    padding: 1rem;
    color: var(--_muted, #59636e);
  }
  .table {
    position: relative;
    font-size: 0.8125rem;
    min-width: 100%;
  }
  .head {
    position: sticky;
    top: 0;
    z-index: 3;
  }
  .head-row {
    display: grid;
    grid-template-columns: var(--columns);
    height: 28px;
    background: var(--_message-bg, #f6f8fa);
    border-bottom: 1px solid var(--_border, #d1d9e0);
  }
  .body {
    position: relative;
  }
  .window {
    position: absolute;
    inset-inline: 0;
    top: 0;
    display: grid;
    grid-template-columns: var(--columns);
  }
  .window .row {
    display: contents;
  }
  .cell {
    padding-inline: 6px;
    overflow: hidden;
    white-space: pre;
    text-overflow: ellipsis;
    line-height: 27px;
    border-inline-end: 1px solid var(--_border, #d1d9e0);
    border-bottom: 1px solid var(--_border, #d1d9e0);
    background: var(--_bg, #fff);
  }
  .letter {
    text-align: center;
    border-bottom: 0;
    background: transparent;
    color: var(--_muted, #59636e);
  }
  .merged {
    z-index: 1;
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  .no {
    position: sticky;
    inset-inline-start: 0;
    z-index: 2;
    text-align: end;
    color: var(--_muted, #59636e);
    background: var(--_message-bg, #f6f8fa);
    font-variant-numeric: tabular-nums;
  }
  .corner {
    z-index: 4;
    text-align: start;
    font-size: 0.75rem;
  }
`;
