/**
 * A quick first screen for a large .xlsx/.xlsm, in the spreadsheet worker. SheetJS inflates a zip
 * in JavaScript and parses every row of every sheet before anything can be shown (about 3 s for
 * a 5 MB workbook here). Instead the worker inflates the parts with the browser's own
 * `DecompressionStream` (several times faster, and never past an entry's declared size). For the
 * first screen it inflates each worksheet only as far as its first rows and closes it there, so
 * SheetJS parses a small copy; then it inflates and parses the whole workbook. The merged
 * ranges come after the rows in a worksheet: a cut sheet shows its merges when the whole is read.
 */
import { CFB } from '@e965/xlsx';
import { readZipDirectory, type ZipEntryInfo } from './zip-inspect.js';

/** Rows of each worksheet in the first screen's copy. */
export const HEAD_ROWS = 100;

const WORKSHEET = /^xl\/worksheets\/[^/]+\.xml$/;
const encoder = new TextEncoder();
const ROW_END = encoder.encode('</row>');
const SHEET_DATA = encoder.encode('<sheetData');
const CLOSE = encoder.encode('</sheetData></worksheet>');

/** Where `needle` first occurs in `bytes[from, end)`, or -1 (the XML is searched as bytes, never decoded). */
export function indexOfBytes(bytes: Uint8Array, needle: Uint8Array, from = 0, end = bytes.length): number {
  const first = needle[0]!;
  for (let at = bytes.indexOf(first, from); at >= 0 && at + needle.length <= end; at = bytes.indexOf(first, at + 1)) {
    let i = 1;
    while (i < needle.length && bytes[at + i] === needle[i]) i++;
    if (i === needle.length) return at;
  }
  return -1;
}

/** Finds where a worksheet's first `rows` rows end while its bytes arrive. */
export class RowCutter {
  private at = -1;
  private seen = 0;

  constructor(private readonly rows: number) {}

  /** The end of the `rows`-th row in `bytes[0, length)`, or -1 while there are not that many yet. */
  feed(bytes: Uint8Array, length: number): number {
    if (this.at < 0) {
      const data = indexOfBytes(bytes, SHEET_DATA, 0, length);
      if (data < 0) return -1;
      this.at = data;
    }
    for (;;) {
      const end = indexOfBytes(bytes, ROW_END, this.at, length);
      if (end < 0) {
        // A tag cut between two chunks is found again from its start.
        this.at = Math.max(this.at, length - ROW_END.length + 1);
        return -1;
      }
      this.at = end + ROW_END.length;
      if (++this.seen === this.rows) return this.at;
    }
  }
}

/** A worksheet cut after its first rows: what was read up to `cut`, then closed. */
function closed(bytes: Uint8Array, cut: number): Uint8Array {
  const out = new Uint8Array(cut + CLOSE.length);
  out.set(bytes.subarray(0, cut));
  out.set(CLOSE, cut);
  return out;
}

/** One entry inflated (all of it, or a worksheet's first `rows` rows); `null` when it cannot be read here. */
async function inflateEntry(bytes: ArrayBuffer, entry: ZipEntryInfo, rows: number): Promise<{ data: Uint8Array; cut: boolean } | null> {
  const view = new DataView(bytes);
  const at = entry.localHeaderOffset;
  if (at + 30 > bytes.byteLength || view.getUint32(at, true) !== 0x04034b50) return null;
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  if (start + entry.compressedSize > bytes.byteLength) return null;
  const data = new Uint8Array(bytes, start, entry.compressedSize);
  const cutter = rows > 0 && WORKSHEET.test(entry.name) ? new RowCutter(rows) : null;
  if (entry.method === 0) {
    const cut = cutter?.feed(data, data.length) ?? -1;
    return cut >= 0 && cut < data.length - CLOSE.length ? { data: closed(data, cut), cut: true } : { data, cut: false };
  }
  if (entry.method !== 8) return null;
  const out = new Uint8Array(entry.uncompressedSize);
  let length = 0;
  const reader = new Blob([data]).stream().pipeThrough(new DecompressionStream('deflate-raw')).getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      // More than the directory declared: a lie, and the bomb check trusted it.
      if (length + value.byteLength > out.byteLength) return null;
      out.set(value, length);
      length += value.byteLength;
      const cut = cutter?.feed(out, length) ?? -1;
      if (cut >= 0) return { data: closed(out, cut), cut: true };
    }
  } catch {
    return null;
  } finally {
    void reader.cancel().catch(() => {});
  }
  return { data: length === out.byteLength ? out : out.subarray(0, length), cut: false };
}

/**
 * A zip's parts by name, inflated; with `rows`, each worksheet only as far as its first `rows`
 * rows (`cut` says whether one was longer). `null` when a part cannot be read here (SheetJS
 * then reads the bytes itself).
 */
export async function inflateParts(bytes: ArrayBuffer, rows = 0): Promise<{ parts: Map<string, Uint8Array>; cut: boolean } | null> {
  if (typeof DecompressionStream === 'undefined') return null;
  let entries: ZipEntryInfo[];
  try {
    entries = readZipDirectory(bytes);
  } catch {
    return null;
  }
  const parts = new Map<string, Uint8Array>();
  let cut = false;
  const reads = entries.map(async (entry) => {
    if (entry.name.endsWith('/')) return true;
    const part = await inflateEntry(bytes, entry, rows);
    if (!part) return false;
    parts.set(entry.name, part.data);
    cut ||= part.cut;
    return true;
  });
  return (await Promise.all(reads)).every(Boolean) ? { parts, cut } : null;
}

/** Whether the parts are a SpreadsheetML workbook (xlsx, xlsm), the kind whose sheets are cut here. */
export function isSpreadsheetMl(parts: Map<string, Uint8Array>): boolean {
  return parts.has('xl/workbook.xml');
}

/** The parts as the zip container SheetJS's `parse_zip` reads. */
export function containerOf(parts: Map<string, Uint8Array>): unknown {
  const container: unknown = CFB.utils.cfb_new();
  for (const [name, data] of parts) CFB.utils.cfb_add(container, name, data);
  return container;
}
