/**
 * Reads a zip's central directory (no library, no decompression) to refuse zip bombs before
 * anything inflates them: too many entries, too many declared uncompressed bytes, or a
 * compression ratio no real document reaches.
 */
import { PreviewError } from './preview-error.js';

export interface ZipLimits {
  maxEntries: number;
  maxUncompressedBytes: number;
  /** Uncompressed / compressed for one entry of more than 1 MB (DEFLATE tops out near 1032). */
  maxRatio: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntries: 10_000,
  maxUncompressedBytes: 200 * 1024 * 1024,
  maxRatio: 1000,
};

export interface ZipEntryInfo {
  name: string;
  compressedSize: number;
  uncompressedSize: number;
  /** 0 stored, 8 deflated. */
  method: number;
  /** Where the entry's local header starts (0xffffffff when only a ZIP64 field has it). */
  localHeaderOffset: number;
  /** The entry's record in the central directory: start and length in `bytes`. */
  directoryRecord: { start: number; length: number };
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL_ENTRY = 0x02014b50;

/** The central directory's entries; throws `PreviewError('corrupt')` when `bytes` is not a readable zip. */
export function readZipDirectory(bytes: ArrayBuffer, maxEntries = Infinity): ZipEntryInfo[] {
  const view = new DataView(bytes);
  const length = bytes.byteLength;
  let eocd = -1;
  for (let at = length - 22; at >= Math.max(0, length - 22 - 0xffff); at--) {
    if (view.getUint32(at, true) === EOCD) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) throw new PreviewError('corrupt', 'not a zip file: no end of central directory');
  let count = view.getUint16(eocd + 10, true);
  let offset = view.getUint32(eocd + 16, true);
  if ((count === 0xffff || offset === 0xffffffff) && eocd >= 20 && view.getUint32(eocd - 20, true) === ZIP64_LOCATOR) {
    const at = Number(view.getBigUint64(eocd - 20 + 8, true));
    if (at + 56 > length || view.getUint32(at, true) !== ZIP64_EOCD) throw new PreviewError('corrupt', 'broken zip64 directory');
    count = Number(view.getBigUint64(at + 32, true));
    offset = Number(view.getBigUint64(at + 48, true));
  }
  if (count > maxEntries) throw new PreviewError('zip-bomb', `${count} entries (more than ${maxEntries})`);
  if (offset >= length) throw new PreviewError('truncated', 'the zip directory lies past the end of the file');
  const entries: ZipEntryInfo[] = [];
  const names = new TextDecoder();
  let at = offset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > length || view.getUint32(at, true) !== CENTRAL_ENTRY) throw new PreviewError('corrupt', 'broken zip directory entry');
    const method = view.getUint16(at + 10, true);
    let compressedSize = view.getUint32(at + 20, true);
    let uncompressedSize = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const localHeaderOffset = view.getUint32(at + 42, true);
    const name = names.decode(new Uint8Array(bytes, at + 46, Math.min(nameLength, length - at - 46)));
    // ZIP64: the real sizes sit in extra field 0x0001, uncompressed first.
    let extra = at + 46 + nameLength;
    const extraEnd = Math.min(extra + extraLength, length);
    while (extra + 4 <= extraEnd) {
      const id = view.getUint16(extra, true);
      const size = view.getUint16(extra + 2, true);
      if (id === 0x0001) {
        let field = extra + 4;
        if (uncompressedSize === 0xffffffff && field + 8 <= extraEnd) {
          uncompressedSize = Number(view.getBigUint64(field, true));
          field += 8;
        }
        if (compressedSize === 0xffffffff && field + 8 <= extraEnd) compressedSize = Number(view.getBigUint64(field, true));
      }
      extra += 4 + size;
    }
    const recordLength = 46 + nameLength + extraLength + commentLength;
    entries.push({ name, compressedSize, uncompressedSize, method, localHeaderOffset, directoryRecord: { start: at, length: recordLength } });
    at += recordLength;
  }
  return entries;
}

/** Throws `PreviewError('zip-bomb')` when the directory declares more than `limits` allow. */
export function checkZip(bytes: ArrayBuffer, limits: ZipLimits = DEFAULT_ZIP_LIMITS): ZipEntryInfo[] {
  const entries = readZipDirectory(bytes, limits.maxEntries);
  let total = 0;
  for (const entry of entries) {
    total += entry.uncompressedSize;
    if (total > limits.maxUncompressedBytes) throw new PreviewError('zip-bomb', `more than ${limits.maxUncompressedBytes} bytes uncompressed`);
    if (entry.uncompressedSize > 1024 * 1024 && entry.uncompressedSize / Math.max(1, entry.compressedSize) > limits.maxRatio) {
      throw new PreviewError('zip-bomb', `${entry.name} expands ${Math.round(entry.uncompressedSize / Math.max(1, entry.compressedSize))} times`);
    }
  }
  return entries;
}
