/**
 * The parts of a zip package (pptx, odp) read one at a time: the directory is checked for zip
 * bombs first (`zip-inspect.ts`), and each part is inflated with fflate into a buffer of the
 * size its directory entry declares, so a part that lies about its size is cut there, never
 * grown. Only the parts a slide needs are inflated, when it is shown.
 */
import { inflateSync } from 'fflate';
import { PreviewError } from './preview-error.js';
import { checkZip, type ZipEntryInfo } from './zip-inspect.js';

/** A single XML part larger than this is not parsed (the main thread parses it). */
export const MAX_PART_BYTES = 16 * 1024 * 1024;

export class ZipPackage {
  private readonly entries = new Map<string, ZipEntryInfo>();
  private readonly view: DataView;

  constructor(private readonly bytes: ArrayBuffer) {
    for (const entry of checkZip(bytes)) this.entries.set(entry.name, entry);
    this.view = new DataView(bytes);
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  /** A part's bytes, or null when it is missing, too large or stored with a method other than deflate. */
  read(name: string, limit = MAX_PART_BYTES): Uint8Array | null {
    const entry = this.entries.get(name);
    if (!entry || entry.uncompressedSize > limit) return null;
    const at = entry.localHeaderOffset;
    if (at + 30 > this.bytes.byteLength || this.view.getUint32(at, true) !== 0x04034b50) throw new PreviewError('corrupt', `broken local header of ${name}`);
    const start = at + 30 + this.view.getUint16(at + 26, true) + this.view.getUint16(at + 28, true);
    const end = Math.min(start + entry.compressedSize, this.bytes.byteLength);
    const data = new Uint8Array(this.bytes, start, Math.max(0, end - start));
    if (entry.method === 0) return data.slice(0, entry.uncompressedSize);
    if (entry.method !== 8) return null;
    try {
      return inflateSync(data, { out: new Uint8Array(entry.uncompressedSize) });
    } catch (error) {
      throw new PreviewError('corrupt', `${name} cannot be inflated`, { cause: error });
    }
  }

  /** A part as text (UTF-8, a BOM dropped), or null. */
  text(name: string, limit = MAX_PART_BYTES): string | null {
    const bytes = this.read(name, limit);
    return bytes ? new TextDecoder().decode(bytes) : null;
  }
}

/** A picture's bytes as a `data:` URL when a browser shows them without risk (png, jpeg, gif), else ''. */
export function pictureDataUrl(bytes: Uint8Array | null): string {
  if (!bytes || bytes.length < 8) return '';
  let type = '';
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) type = 'image/png';
  else if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) type = 'image/jpeg';
  else if (bytes[0] === 0x47 && bytes[1] === 0x49 && bytes[2] === 0x46 && bytes[3] === 0x38) type = 'image/gif';
  if (!type) return '';
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return `data:${type};base64,${btoa(binary)}`;
}

/** A part's path resolved against the folder of the part that names it (`ppt/slides/slide1.xml` + `../media/a.png`). */
export function resolvePart(from: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = from.split('/').slice(0, -1).filter(Boolean);
  for (const piece of target.split('/')) {
    if (piece === '..') parts.pop();
    else if (piece !== '.' && piece !== '') parts.push(piece);
  }
  return parts.join('/');
}
