/**
 * A parsed sheet turned into what the grid shows: rows of display text (the file's own
 * formatted text, `cell.w`: dates, currencies and percentages as the spreadsheet shows them),
 * the merged ranges, the extent of the cells that hold something and column widths. Runs in the
 * spreadsheet worker; plain data, so it crosses `postMessage` as it is.
 */

/** The parts of a SheetJS cell read here. */
export interface SheetCell {
  /** b boolean, e error, n number, d date, s text, z stub. */
  t: string;
  v?: unknown;
  /** The formatted text. */
  w?: string;
}

export interface SheetGrid {
  /** Display text by row then column; rows may be shorter than `columnCount` (the rest is empty). */
  rows: string[][];
  /** Rows holding something (or covered by a merge), from row 1. */
  rowCount: number;
  columnCount: number;
  /** Merged ranges as [firstRow, firstColumn, lastRow, lastColumn], 0-based, within `rows`. */
  merges: [number, number, number, number][];
  /** Column widths in characters (4 to 40), from the text of the first rows. */
  widths: number[];
}

/** A cell's text is cut here for display (the grid shows one line of it). */
export const MAX_CELL_CHARS = 1000;
const WIDTH_SAMPLE_ROWS = 200;

export function cellText(cell: SheetCell | undefined): string {
  if (!cell || cell.t === 'z') return '';
  let text: string;
  if (typeof cell.w === 'string') text = cell.w;
  else if (cell.t === 'b') text = cell.v ? 'TRUE' : 'FALSE';
  else if (cell.v instanceof Date) text = cell.v.toISOString();
  else text = cell.v === undefined || cell.v === null ? '' : String(cell.v);
  return text.length > MAX_CELL_CHARS ? `${text.slice(0, MAX_CELL_CHARS)}…` : text;
}

interface Range {
  s: { r: number; c: number };
  e: { r: number; c: number };
}

/**
 * The grid of a dense sheet. At most `maxCells` cells (rows × columns) are kept: the rows past
 * that are left out, and `rowCount` still says how many there are.
 */
export function sheetGrid(data: readonly ((SheetCell | undefined)[] | undefined)[], merges: readonly Range[], maxCells: number): SheetGrid {
  let rowCount = 0;
  let columnCount = 0;
  for (let r = 0; r < data.length; r++) {
    const row = data[r];
    if (!row) continue;
    for (let c = row.length - 1; c >= 0; c--) {
      if (cellText(row[c]) !== '') {
        rowCount = r + 1;
        if (c + 1 > columnCount) columnCount = c + 1;
        break;
      }
    }
  }
  // A merge shows even where it holds no text (a blank block is still a block), within the cells.
  const kept = merges.filter((merge) => merge.s.r < Math.max(rowCount, 1) && merge.s.c < Math.max(columnCount, 1));
  for (const merge of kept) {
    rowCount = Math.max(rowCount, merge.e.r + 1);
    columnCount = Math.max(columnCount, merge.e.c + 1);
  }
  if (rowCount === 0 || columnCount === 0) return { rows: [], rowCount: 0, columnCount: 0, merges: [], widths: [] };
  const shown = Math.min(rowCount, Math.max(1, Math.floor(maxCells / columnCount)));
  const rows: string[][] = [];
  const widths = new Array<number>(columnCount).fill(4);
  const anchors = new Set(kept.filter((merge) => merge.e.c > merge.s.c).map((merge) => `${merge.s.r}:${merge.s.c}`));
  for (let r = 0; r < shown; r++) {
    const source = data[r];
    const row: string[] = [];
    if (source) {
      const end = Math.min(source.length, columnCount);
      for (let c = 0; c < end; c++) row.push(cellText(source[c]));
      while (row.length > 0 && row[row.length - 1] === '') row.pop();
    }
    if (r < WIDTH_SAMPLE_ROWS) {
      row.forEach((text, c) => {
        if (!anchors.has(`${r}:${c}`)) widths[c] = Math.max(widths[c]!, Math.min(40, text.length + 2));
      });
    }
    rows.push(row);
  }
  return {
    rows,
    rowCount,
    columnCount,
    merges: kept.filter((merge) => merge.s.r < shown).map((merge) => [merge.s.r, merge.s.c, Math.min(merge.e.r, shown - 1), merge.e.c]),
    widths,
  };
}
