/**
 * The spreadsheet parse, in a Web Worker so that a slow or hostile workbook cannot freeze the
 * page (the previewer terminates this worker after a time limit or when the preview closes).
 * SheetJS reads the bytes it is given and nothing else: no formula is evaluated (each formula
 * cell keeps the value the file saved), no HTML is made for cells (`cellHTML: false`), macros
 * are not read, and pictures, links and external references are never opened or fetched.
 *
 * Answers: the sheet names (`book`), then each sheet's cells as display text, the first sheet
 * on screen first (`sheet`), then `done`; or one `error`. A zip's parts are inflated by the
 * browser (`sheet-head.ts`); a long .xlsx is answered twice: first the first sheet's first rows
 * (`partial`), from a copy whose worksheets were inflated only that far, then the whole workbook.
 */
import * as XLSX from '@e965/xlsx';
import type { CellObject, ParsingOptions, WorkBook, WorkSheet } from '@e965/xlsx';
import { odsHiddenSheets } from './ods-hidden-sheets.js';
import { HEAD_ROWS, containerOf, inflateParts, isSpreadsheetMl } from './sheet-head.js';
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
  | { type: 'sheet'; index: number; grid: SheetGrid; partial: boolean }
  | { type: 'done' }
  | { type: 'error'; code: 'corrupt' | 'unsupported'; message: string };

const scope = self as unknown as { onmessage: ((event: MessageEvent<SheetWorkerRequest>) => void) | null; postMessage(message: SheetWorkerResponse): void };

/** SheetJS's reader of an opened zip (exported by its ES module, not declared in its types). */
const parseZip = (XLSX as unknown as { parse_zip(zip: unknown, options: ParsingOptions): WorkBook }).parse_zip;

const READ_OPTIONS: ParsingOptions = {
  type: 'array',
  dense: true,
  cellFormula: false,
  cellHTML: false,
  cellStyles: false,
  cellDates: false,
  bookVBA: false,
  WTF: false,
};

function isZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/** Hidden sheets of an OpenDocument file (SheetJS does not say), from its content XML. */
function openDocumentHidden(bytes: Uint8Array, parts: Map<string, Uint8Array> | null): Set<string> {
  try {
    const content = parts?.get('content.xml');
    if (content) return odsHiddenSheets(new TextDecoder().decode(content));
    if (isZip(bytes)) return new Set();
    const head = new TextDecoder().decode(bytes.subarray(0, 4096));
    return head.includes('urn:oasis:names:tc:opendocument') ? odsHiddenSheets(new TextDecoder().decode(bytes)) : new Set();
  } catch {
    return new Set();
  }
}

function sheetsOf(book: WorkBook, bytes: Uint8Array, parts: Map<string, Uint8Array> | null): SheetInfo[] {
  const listed = book.Workbook?.Sheets;
  const hiddenByStyle = listed?.some((sheet) => sheet.Hidden !== undefined) ? new Set<string>() : openDocumentHidden(bytes, parts);
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

/** The index of the first visible sheet (else the first). */
function firstShown(sheets: SheetInfo[]): number {
  return Math.max(0, sheets.findIndex((sheet) => !sheet.hidden));
}

function gridOf(book: WorkBook, index: number, maxCells: number): SheetGrid {
  const sheet = book.Sheets[book.SheetNames[index]!];
  return sheetGrid(sheet ? rowsOf(sheet) : [], sheet?.['!merges'] ?? [], maxCells);
}

scope.onmessage = async (event) => {
  const { bytes, maxCells } = event.data;
  const data = new Uint8Array(bytes);
  const zip = isZip(data);
  // A long .xlsx: its first rows first, from a copy whose worksheets are cut after them.
  const head = zip ? await inflateParts(bytes, HEAD_ROWS) : null;
  if (head?.cut && isSpreadsheetMl(head.parts)) {
    try {
      const book = parseZip(containerOf(head.parts), { ...READ_OPTIONS });
      const sheets = sheetsOf(book, data, head.parts);
      const first = firstShown(sheets);
      scope.postMessage({ type: 'book', sheets, first });
      scope.postMessage({ type: 'sheet', index: first, grid: gridOf(book, first, maxCells), partial: true });
    } catch {
      // The whole workbook decides.
    }
  }
  const parts = head && !head.cut ? head.parts : zip ? (await inflateParts(bytes))?.parts : null;
  let book: WorkBook;
  try {
    book = parts ? parseZip(containerOf(parts), { ...READ_OPTIONS }) : XLSX.read(data, { ...READ_OPTIONS });
  } catch (error) {
    scope.postMessage(errorOf(error));
    return;
  }
  const sheets = sheetsOf(book, data, parts ?? null);
  const first = firstShown(sheets);
  scope.postMessage({ type: 'book', sheets, first });
  for (const index of [first, ...sheets.map((_, index) => index).filter((index) => index !== first)]) {
    scope.postMessage({ type: 'sheet', index, grid: gridOf(book, index, maxCells), partial: false });
  }
  scope.postMessage({ type: 'done' });
};
