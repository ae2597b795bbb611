/**
 * A quick first screen for a large .xlsx/.xlsm, in the spreadsheet worker. SheetJS inflates a zip
 * in JavaScript and parses every row of every sheet before anything can be shown (about 3 s for
 * a 5 MB workbook here). Instead the worker inflates the parts with the browser's own
 * `DecompressionStream` (several times faster, and never past an entry's declared size), hands
 * SheetJS a copy whose worksheets are cut after their first rows (the merged ranges kept), shows
 * those, and then parses the whole workbook from the same inflated parts.
 */
import { CFB } from '@e965/xlsx';
import { readZipDirectory } from './zip-inspect.js';

/** Rows of each worksheet in the first screen's copy. */
export const HEAD_ROWS = 500;

/** A zip's parts by name, inflated; `null` when one cannot be read here (SheetJS then reads the bytes itself). */
export async function inflateParts(bytes: ArrayBuffer): Promise<Map<string, Uint8Array> | null> {
  if (typeof DecompressionStream === 'undefined') return null;
  let entries;
  try {
    entries = readZipDirectory(bytes);
  } catch {
    return null;
  }
  const view = new DataView(bytes);
  const parts = new Map<string, Uint8Array>();
  const reads = entries.map(async (entry) => {
    if (entry.name.endsWith('/')) return true;
    const at = entry.localHeaderOffset;
    if (at + 30 > bytes.byteLength || view.getUint32(at, true) !== 0x04034b50) return false;
    const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
    if (start + entry.compressedSize > bytes.byteLength) return false;
    const data = new Uint8Array(bytes, start, entry.compressedSize);
    if (entry.method === 0) {
      parts.set(entry.name, data);
      return true;
    }
    if (entry.method !== 8) return false;
    const out = new Uint8Array(entry.uncompressedSize);
    let length = 0;
    const reader = new Blob([data]).stream().pipeThrough(new DecompressionStream('deflate-raw')).getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        // More than the directory declared: a lie, and the bomb check trusted it.
        if (length + value.byteLength > out.byteLength) return false;
        out.set(value, length);
        length += value.byteLength;
      }
    } catch {
      return false;
    } finally {
      void reader.cancel().catch(() => {});
    }
    parts.set(entry.name, length === out.byteLength ? out : out.subarray(0, length));
    return true;
  });
  return (await Promise.all(reads)).every(Boolean) ? parts : null;
}

/** Whether the parts are a SpreadsheetML workbook (xlsx, xlsm), the kind whose sheets are cut here. */
export function isSpreadsheetMl(parts: Map<string, Uint8Array>): boolean {
  return parts.has('xl/workbook.xml');
}

const encoder = new TextEncoder();
const ROW_END = encoder.encode('</row>');
const ROW_START = encoder.encode('<row');
const SHEET_DATA = encoder.encode('<sheetData');
const MERGES_START = encoder.encode('<mergeCells');
const MERGES_END = encoder.encode('</mergeCells>');
const CLOSE = encoder.encode('</sheetData>');
const WORKSHEET_END = encoder.encode('</worksheet>');

/** Where `needle` first occurs in `bytes` at or after `from`, or -1 (the XML is searched as bytes, never decoded whole). */
export function indexOfBytes(bytes: Uint8Array, needle: Uint8Array, from = 0): number {
  const first = needle[0]!;
  for (let at = bytes.indexOf(first, from); at >= 0 && at + needle.length <= bytes.length; at = bytes.indexOf(first, at + 1)) {
    let i = 1;
    while (i < needle.length && bytes[at + i] === needle[i]) i++;
    if (i === needle.length) return at;
  }
  return -1;
}

/**
 * A worksheet's XML (UTF-8) cut after `rows` rows (`</row>`), with its merged ranges kept;
 * `null` when it has no more rows than that.
 */
export function worksheetHead(xml: Uint8Array, rows: number): Uint8Array | null {
  let at = indexOfBytes(xml, SHEET_DATA);
  if (at < 0) return null;
  for (let row = 0; row < rows; row++) {
    const end = indexOfBytes(xml, ROW_END, at);
    if (end < 0) return null;
    at = end + ROW_END.length;
  }
  if (indexOfBytes(xml, ROW_START, at) < 0) return null;
  // The merged ranges follow the rows' end, which is near the part's end: look there first.
  const tail = Math.max(at, xml.length - 1024 * 1024);
  let rowsEnd = indexOfBytes(xml, CLOSE, tail);
  if (rowsEnd < 0) rowsEnd = indexOfBytes(xml, CLOSE, at);
  const mergeStart = rowsEnd < 0 ? -1 : indexOfBytes(xml, MERGES_START, rowsEnd);
  const mergeEnd = mergeStart < 0 ? -1 : indexOfBytes(xml, MERGES_END, mergeStart);
  const merges = mergeEnd < 0 ? new Uint8Array(0) : xml.subarray(mergeStart, mergeEnd + MERGES_END.length);
  const out = new Uint8Array(at + CLOSE.length + merges.length + WORKSHEET_END.length);
  out.set(xml.subarray(0, at));
  out.set(CLOSE, at);
  out.set(merges, at + CLOSE.length);
  out.set(WORKSHEET_END, at + CLOSE.length + merges.length);
  return out;
}

/** The parts with each worksheet cut after `rows` rows; `null` when none is longer. */
export function headParts(parts: Map<string, Uint8Array>, rows = HEAD_ROWS): Map<string, Uint8Array> | null {
  const head = new Map(parts);
  let cut = false;
  for (const [name, data] of parts) {
    if (!/^xl\/worksheets\/[^/]+\.xml$/.test(name)) continue;
    const part = worksheetHead(data, rows);
    if (part === null) continue;
    head.set(name, part);
    cut = true;
  }
  return cut ? head : null;
}

/** The parts as the zip container SheetJS's `parse_zip` reads. */
export function containerOf(parts: Map<string, Uint8Array>): unknown {
  const container: unknown = CFB.utils.cfb_new();
  for (const [name, data] of parts) CFB.utils.cfb_add(container, name, data);
  return container;
}
