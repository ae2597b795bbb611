/**
 * The spreadsheet parse, in a Web Worker so that a slow or hostile workbook cannot freeze the
 * page (the previewer terminates this worker after a time limit or when the preview closes).
 * SheetJS reads the bytes it is given and nothing else: no formula is evaluated (each formula
 * cell keeps the value the file saved), no HTML is made for cells (`cellHTML: false`), macros
 * are not read, and pictures, links and external references are never opened or fetched.
 *
 * Answers: the sheet names (`book`), then each sheet's cells as display text, the first sheet
 * on screen first (`sheet`), then `done`; or one `error`.
 */
import { CFB, read, type CellObject, type WorkBook, type WorkSheet } from '@e965/xlsx';
import { odsHiddenSheets } from './ods-hidden-sheets.js';
import { sheetGrid, type SheetGrid } from './sheet-grid-data.js';

export interface SheetWorkerRequest {
  bytes: ArrayBuffer;
  /** Cells kept for display per sheet (rows are cut so that rows × columns stays under it). */
  maxCells: number;
}

export interface SheetInfo {
  name: string;
  /** Hidden in the workbook (Excel's hidden and very hidden, OpenDocument's `table:display="false"`). */
  hidden: boolean;
}

export type SheetWorkerResponse =
  | { type: 'book'; sheets: SheetInfo[]; first: number }
  | { type: 'sheet'; index: number; grid: SheetGrid }
  | { type: 'done' }
  | { type: 'error'; code: 'corrupt' | 'unsupported'; message: string };

const scope = self as unknown as { onmessage: ((event: MessageEvent<SheetWorkerRequest>) => void) | null; postMessage(message: SheetWorkerResponse): void };

const READ_OPTIONS = {
  type: 'array',
  dense: true,
  cellFormula: false,
  cellHTML: false,
  cellStyles: false,
  cellDates: false,
  bookVBA: false,
  WTF: false,
} as const;

function isZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/** Hidden sheets of an OpenDocument file (SheetJS does not say), from its content XML. */
function openDocumentHidden(bytes: Uint8Array): Set<string> {
  try {
    if (isZip(bytes)) {
      const entry = CFB.find(CFB.read(bytes, { type: 'array' }), 'content.xml');
      return entry?.content ? odsHiddenSheets(new TextDecoder().decode(entry.content as Uint8Array)) : new Set();
    }
    const head = new TextDecoder().decode(bytes.subarray(0, 4096));
    return head.includes('urn:oasis:names:tc:opendocument') ? odsHiddenSheets(new TextDecoder().decode(bytes)) : new Set();
  } catch {
    return new Set();
  }
}

function sheetsOf(book: WorkBook, bytes: Uint8Array): SheetInfo[] {
  const listed = book.Workbook?.Sheets;
  const hiddenByStyle = listed?.some((sheet) => sheet.Hidden !== undefined) ? new Set<string>() : openDocumentHidden(bytes);
  return book.SheetNames.map((name, index) => ({ name, hidden: Boolean(listed?.[index]?.Hidden) || hiddenByStyle.has(name) }));
}

function rowsOf(sheet: WorkSheet): (CellObject | undefined)[][] {
  return ((sheet as { '!data'?: (CellObject | undefined)[][] })['!data'] ?? []) as (CellObject | undefined)[][];
}

function errorOf(error: unknown): SheetWorkerResponse {
  const message = String((error as Error)?.message ?? error);
  const code = /password|encrypt/i.test(message) ? 'unsupported' : 'corrupt';
  return { type: 'error', code, message };
}

scope.onmessage = (event) => {
  const { bytes, maxCells } = event.data;
  const data = new Uint8Array(bytes);
  let book: WorkBook;
  try {
    book = read(data, READ_OPTIONS);
  } catch (error) {
    scope.postMessage(errorOf(error));
    return;
  }
  const sheets = sheetsOf(book, data);
  const visible = sheets.findIndex((sheet) => !sheet.hidden);
  const first = Math.max(0, visible);
  scope.postMessage({ type: 'book', sheets, first });
  const order = [first, ...sheets.map((_, index) => index).filter((index) => index !== first)];
  for (const index of order) {
    const sheet = book.Sheets[book.SheetNames[index]!];
    const grid = sheetGrid(sheet ? rowsOf(sheet) : [], sheet?.['!merges'] ?? [], maxCells);
    scope.postMessage({ type: 'sheet', index, grid });
  }
  scope.postMessage({ type: 'done' });
};
