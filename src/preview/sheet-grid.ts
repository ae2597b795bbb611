/**
 * The spreadsheet grid: column letters on top, row numbers at the start, cells as Lit text
 * bindings, merged cells spanning their rows and columns. Windowed both ways: the rows come from
 * `row-window.ts`, the columns from the scroll position here, so only the cells in view are in
 * the DOM. The header and the body share one column template in px, so they line up exactly.
 */
import { html, type TemplateResult } from 'lit';
import type { RowRange } from './row-window.js';
import type { SheetGrid } from './sheet-grid-data.js';

/** px per character of a column width, and a cell's padding. */
const CHAR_PX = 8;
const CELL_PADDING_PX = 12;
/** Row height in px; the styles say 28px. */
export const SHEET_ROW_HEIGHT = 28;
const COLUMN_OVERSCAN = 2;

/** `0` → `A`, `25` → `Z`, `26` → `AA`. */
export function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

export interface ColumnLayout {
  /** The row-number column's width, px. */
  numberWidth: number;
  /** Start of each data column from the end of the row-number column (length columns + 1), px. */
  offsets: Float64Array;
  /** The `grid-template-columns` of header and body. */
  template: string;
}

export function columnLayout(grid: SheetGrid): ColumnLayout {
  const numberWidth = Math.max(40, String(grid.rowCount).length * CHAR_PX + CELL_PADDING_PX + 4);
  const offsets = new Float64Array(grid.columnCount + 1);
  const parts = [`${numberWidth}px`];
  for (let c = 0; c < grid.columnCount; c++) {
    const width = (grid.widths[c] ?? 4) * CHAR_PX + CELL_PADDING_PX;
    offsets[c + 1] = offsets[c]! + width;
    parts.push(`${width}px`);
  }
  return { numberWidth, offsets, template: parts.join(' ') };
}

/** The columns in view (`viewStart` from the inline start of the scroller, px), with a few on each side. */
export function columnRange(layout: ColumnLayout, viewStart: number, viewWidth: number): { first: number; end: number } {
  const { offsets } = layout;
  const count = offsets.length - 1;
  const from = Math.max(0, viewStart - layout.numberWidth);
  const to = from + (viewWidth || 1200);
  let low = 0;
  let high = Math.max(0, count - 1);
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (offsets[mid]! <= from) low = mid;
    else high = mid - 1;
  }
  let end = low;
  while (end < count && offsets[end]! < to) end++;
  return { first: Math.max(0, low - COLUMN_OVERSCAN), end: Math.min(count, end + COLUMN_OVERSCAN) };
}

interface Span {
  rows: number;
  columns: number;
  text: string;
}

/** Merged cells in the window: the anchor (clipped to the window) with its span, and the cells it covers. */
function mergesIn(grid: SheetGrid, rows: RowRange, columns: { first: number; end: number }): { anchors: Map<string, Span>; covered: Set<string> } {
  const anchors = new Map<string, Span>();
  const covered = new Set<string>();
  for (const [r0, c0, r1, c1] of grid.merges) {
    if (r1 < rows.first || r0 >= rows.end || c1 < columns.first || c0 >= columns.end) continue;
    const top = Math.max(r0, rows.first);
    const start = Math.max(c0, columns.first);
    const bottom = Math.min(r1, rows.end - 1);
    const last = Math.min(c1, columns.end - 1);
    anchors.set(`${top}:${start}`, { rows: bottom - top + 1, columns: last - start + 1, text: grid.rows[r0]?.[c0] ?? '' });
    for (let r = top; r <= bottom; r++) for (let c = start; c <= last; c++) if (r !== top || c !== start) covered.add(`${r}:${c}`);
  }
  return { anchors, covered };
}

export interface GridLabels {
  /** The table's accessible name. */
  label: string;
  /** The row-number column's header ("Row"). */
  row: string;
}

/** The grid of `grid`'s rows `rows` and columns `columns`; `onScroll` redraws when the window moves. */
export function gridTemplate(
  grid: SheetGrid,
  layout: ColumnLayout,
  rows: RowRange,
  columns: { first: number; end: number },
  labels: GridLabels,
  onScroll: (event: Event) => void,
): TemplateResult {
  const { anchors, covered } = mergesIn(grid, rows, columns);
  const width = layout.numberWidth + layout.offsets[layout.offsets.length - 1]!;
  const letters: TemplateResult[] = [];
  for (let c = columns.first; c < columns.end; c++) {
    letters.push(html`<span class="cell letter" role="columnheader" aria-colindex=${c + 2} style="grid-column: ${c + 2}">${columnName(c)}</span>`);
  }
  const body: TemplateResult[] = [];
  for (let r = rows.first; r < rows.end; r++) {
    const line = r - rows.first + 1;
    const cells: TemplateResult[] = [];
    const values = grid.rows[r] ?? [];
    for (let c = columns.first; c < columns.end; c++) {
      const key = `${r}:${c}`;
      if (covered.has(key)) continue;
      const span = anchors.get(key);
      cells.push(
        span
          ? html`<span class="cell merged" role="cell" aria-colindex=${c + 2} aria-rowspan=${span.rows} aria-colspan=${span.columns} data-merge="${span.rows}x${span.columns}" style="grid-area: ${line} / ${c + 2} / span ${span.rows} / span ${span.columns}">${span.text}</span>`
          : html`<span class="cell" role="cell" aria-colindex=${c + 2} style="grid-area: ${line} / ${c + 2}">${values[c] ?? ''}</span>`,
      );
    }
    body.push(html`<div class="row" role="row" aria-rowindex=${r + 2}>
      <span class="cell no" role="rowheader" aria-colindex="1" style="grid-area: ${line} / 1">${r + 1}</span>${cells}
    </div>`);
  }
  return html`<div class="scroller" tabindex="0" role="region" aria-label=${labels.label} @scroll=${onScroll}>
    <div class="table" role="table" aria-label=${labels.label} aria-rowcount=${grid.rowCount + 1} aria-colcount=${grid.columnCount + 1} style="width: ${width}px; --columns: ${layout.template}">
      <div class="head" role="rowgroup">
        <div class="row head-row" role="row" aria-rowindex="1">
          <span class="cell no corner" role="columnheader" aria-colindex="1" style="grid-column: 1">${labels.row}</span>${letters}
        </div>
      </div>
      <div class="body" role="rowgroup" style="height: ${rows.total}px">
        <div class="window" style="transform: translateY(${rows.top}px); grid-template-rows: repeat(${Math.max(1, rows.end - rows.first)}, ${SHEET_ROW_HEIGHT}px)">${body}</div>
      </div>
    </div>
  </div>`;
}
