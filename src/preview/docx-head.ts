/**
 * The first screen of a long Word document, as a docx of its own: the same zip with its main
 * part (`word/document.xml`) cut after the body's first blocks (paragraphs, tables), so that
 * mammoth converts a screenful in a few milliseconds while the whole document follows.
 * Runs in the docx worker. Every other part (styles, numbering, pictures, notes) is the
 * original's: the new zip is the original bytes followed by the cut part and a new central
 * directory that points at the old entries. Anything unusual (ZIP64, UTF-16, a DTD, a part
 * that never reaches a block boundary) gives `null`: the whole document is converted alone, as
 * before.
 */
import { readZipDirectory, type ZipEntryInfo } from './zip-inspect.js';

export const MAIN_PART = 'word/document.xml';

export interface HeadLimits {
  /** Blocks (children of the body) in the head, at least. */
  minBlocks: number;
  /** ... or this many characters of the main part, whichever comes first. */
  minChars: number;
  /** A head is made only when the part has more than this many characters after the cut. */
  minRest: number;
  /** Inflating stops here: no head when no cut point came before. */
  maxScan: number;
}

/**
 * About one screen: the dialog shows 20–30 paragraphs; Word writes 0.3–2 KB of XML for each.
 * A part of less than twice the head is converted whole (it is fast enough alone).
 */
export const DEFAULT_HEAD_LIMITS: HeadLimits = { minBlocks: 40, minChars: 48 * 1024, minRest: 48 * 1024, maxScan: 4 * 1024 * 1024 };

/** A docx of the first blocks of `bytes`, or `null` when the document is short or unusual. */
export async function documentHead(bytes: ArrayBuffer, limits: HeadLimits = DEFAULT_HEAD_LIMITS): Promise<ArrayBuffer | null> {
  let entries: ZipEntryInfo[];
  try {
    entries = readZipDirectory(bytes);
  } catch {
    return null;
  }
  const main = entries.find((entry) => entry.name === MAIN_PART);
  if (!main || main.uncompressedSize < limits.minChars + limits.minRest) return null;
  if (entries.some((entry) => entry.localHeaderOffset === 0xffffffff || entry.directoryRecord.start + entry.directoryRecord.length > bytes.byteLength)) return null;
  const text = await readStart(bytes, main, limits);
  if (text === null) return null;
  const cut = cutAfterBlocks(text, limits);
  if (!cut) return null;
  return zipWithPart(bytes, entries, main, new TextEncoder().encode(cut));
}

/** The start of an entry's text (UTF-8), up to `limits.maxScan` characters; `null` when it cannot be read here. */
async function readStart(bytes: ArrayBuffer, entry: ZipEntryInfo, limits: HeadLimits): Promise<string | null> {
  const view = new DataView(bytes);
  const at = entry.localHeaderOffset;
  if (at + 30 > bytes.byteLength || view.getUint32(at, true) !== 0x04034b50) return null;
  const dataStart = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  const dataEnd = dataStart + entry.compressedSize;
  if (dataEnd > bytes.byteLength) return null;
  const data = new Uint8Array(bytes, dataStart, entry.compressedSize);
  if (entry.method === 0) return decodeStart([data], limits.maxScan);
  if (entry.method !== 8 || typeof DecompressionStream === 'undefined') return null;
  // Inflate only as far as needed: a screenful is at the start, and a bomb is never expanded whole.
  const reader = new Blob([data]).stream().pipeThrough(new DecompressionStream('deflate-raw')).getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    while (total < limits.maxScan + limits.minRest) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      total += value.byteLength;
    }
  } catch {
    return null;
  } finally {
    void reader.cancel().catch(() => {});
  }
  return decodeStart(chunks, limits.maxScan + limits.minRest);
}

function decodeStart(chunks: Uint8Array[], max: number): string | null {
  const first = chunks[0];
  // UTF-16 (a BOM of FF FE or FE FF): left to mammoth.
  if (!first || (first[0] === 0xff && first[1] === 0xfe) || (first[0] === 0xfe && first[1] === 0xff)) return null;
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  let text = '';
  for (const chunk of chunks) {
    text += decoder.decode(chunk, { stream: true });
    if (text.length >= max) break;
  }
  return text;
}

/**
 * `xml` cut after the body's first blocks, with the body and the root closed again; `null` when
 * the part is short, has a DTD, or no block boundary comes before the text ends.
 */
export function cutAfterBlocks(xml: string, limits: HeadLimits): string | null {
  const open: string[] = [];
  let bodyDepth = -1;
  let blocks = 0;
  let at = 0;
  for (;;) {
    const lt = xml.indexOf('<', at);
    if (lt < 0) return null;
    const next = xml[lt + 1];
    if (next === '?') {
      const end = xml.indexOf('?>', lt + 2);
      if (end < 0) return null;
      at = end + 2;
      continue;
    }
    if (next === '!') {
      if (xml.startsWith('<!--', lt)) {
        const end = xml.indexOf('-->', lt + 4);
        if (end < 0) return null;
        at = end + 3;
        continue;
      }
      if (xml.startsWith('<![CDATA[', lt)) {
        const end = xml.indexOf(']]>', lt + 9);
        if (end < 0) return null;
        at = end + 3;
        continue;
      }
      return null; // a DTD has no place in a document part
    }
    // The tag's end: the first '>' outside quotes (attribute values may hold '>').
    let end = lt + 1;
    let quote = '';
    for (; end < xml.length; end++) {
      const char = xml[end];
      if (quote) {
        if (char === quote) quote = '';
      } else if (char === '"' || char === "'") quote = char;
      else if (char === '>') break;
    }
    if (end >= xml.length) return null;
    at = end + 1;
    if (next === '/') {
      if (open.pop() === undefined) return null;
      if (bodyDepth > 0 && open.length < bodyDepth) return null; // the body closed: the part is short
    } else {
      const name = /^[^\s/>]+/.exec(xml.slice(lt + 1, end))?.[0];
      if (!name) return null;
      const selfClosing = xml[end - 1] === '/';
      if (open.length === 1 && bodyDepth < 0 && /(^|:)body$/.test(name)) bodyDepth = 2;
      if (!selfClosing) open.push(name);
    }
    // A block of the body ended (or a self-closing one stood alone).
    if (bodyDepth > 0 && open.length === bodyDepth && (next === '/' || xml[end - 1] === '/')) {
      blocks += 1;
      if (blocks >= limits.minBlocks || at >= limits.minChars) {
        if (xml.length - at < limits.minRest) return null;
        return `${xml.slice(0, at)}</${open[1]}></${open[0]}>`;
      }
    }
  }
}

let crcTable: Uint32Array | null = null;
function crc32(bytes: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = crcTable[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/**
 * The original zip with `part` (stored) in place of `replaced`: the original bytes, the new local
 * entry, then a central directory of the old records (their offsets still hold) with
 * `replaced`'s record pointing at the new entry.
 */
function zipWithPart(bytes: ArrayBuffer, entries: ZipEntryInfo[], replaced: ZipEntryInfo, part: Uint8Array): ArrayBuffer | null {
  const name = new TextEncoder().encode(replaced.name);
  const localOffset = bytes.byteLength;
  const localLength = 30 + name.length + part.length;
  const newRecordLength = 46 + name.length;
  const directoryLength = entries.reduce((sum, entry) => sum + (entry === replaced ? newRecordLength : entry.directoryRecord.length), 0);
  const directoryOffset = localOffset + localLength;
  const total = directoryOffset + directoryLength + 22;
  if (total > 0xfffffff0 || entries.length > 0xfffe) return null;
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  out.set(new Uint8Array(bytes), 0);
  const crc = crc32(part);
  view.setUint32(localOffset, 0x04034b50, true);
  view.setUint16(localOffset + 4, 20, true);
  view.setUint16(localOffset + 6, 0x0800, true); // UTF-8 name
  view.setUint32(localOffset + 14, crc, true);
  view.setUint32(localOffset + 18, part.length, true);
  view.setUint32(localOffset + 22, part.length, true);
  view.setUint16(localOffset + 26, name.length, true);
  out.set(name, localOffset + 30);
  out.set(part, localOffset + 30 + name.length);
  let at = directoryOffset;
  const source = new Uint8Array(bytes);
  for (const entry of entries) {
    if (entry !== replaced) {
      const { start, length } = entry.directoryRecord;
      out.set(source.subarray(start, start + length), at);
      at += length;
      continue;
    }
    view.setUint32(at, 0x02014b50, true);
    view.setUint16(at + 4, 20, true);
    view.setUint16(at + 6, 20, true);
    view.setUint16(at + 8, 0x0800, true);
    view.setUint32(at + 16, crc, true);
    view.setUint32(at + 20, part.length, true);
    view.setUint32(at + 24, part.length, true);
    view.setUint16(at + 28, name.length, true);
    view.setUint32(at + 42, localOffset, true);
    out.set(name, at + 46);
    at += newRecordLength;
  }
  view.setUint32(at, 0x06054b50, true);
  view.setUint16(at + 8, entries.length, true);
  view.setUint16(at + 10, entries.length, true);
  view.setUint32(at + 12, directoryLength, true);
  view.setUint32(at + 16, directoryOffset, true);
  return out.buffer;
}
