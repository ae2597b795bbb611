import { ErrorCodes, type ErrorCode } from './codes.js';

/**
 * Rules about shared files that the client and the relay apply alike: limits, the MIME type
 * allow/deny lists, how a user's file name and type are made safe, which types may be shown
 * inline, and what a thumbnail may be.
 */

/** Default largest file, in bytes (1 GiB). The relay option `maxFileBytes`; sent in the welcome's `limits`. */
export const DEFAULT_MAX_FILE_BYTES = 1_073_741_824;
/** Longest file name kept, in characters (code points); longer names keep their extension. */
export const MAX_FILE_NAME_LENGTH = 255;
/**
 * Longest thumbnail `data:` URL, in characters. It travels inside one share frame, which must
 * stay under the relay's `maxFrameBytes` (64 KiB by default) together with the caption.
 */
export const MAX_THUMBNAIL_LENGTH = 48 * 1024;
/** The type a file gets when its declared type is missing or not a valid MIME type. */
export const UNKNOWN_FILE_TYPE = 'application/octet-stream';

/** The file limits of a relay, as sent in the welcome frame's `limits`. */
export interface FileLimits {
  /** Largest file in bytes. */
  maxFileBytes: number;
  /** MIME type patterns (`image/*`, `application/pdf`); when present, only these are accepted. */
  allowedFileTypes?: readonly string[];
  /** MIME type patterns refused (they win over `allowedFileTypes`). */
  deniedFileTypes?: readonly string[];
  /**
   * File name extensions (lower case, no dot) the relay can show as a PDF made by its converter
   * (`GET /api/sessions/:id/files/:fileId/rendition`); absent when it has no converter.
   */
  renditions?: readonly string[];
}

const MIME_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/;
const MIME_PATTERN = /^(\*|[a-z0-9][a-z0-9!#$&^_.+-]{0,126})\/(\*|[a-z0-9][a-z0-9!#$&^_.+-]{0,126})$/;
/** C0 controls (NUL, TAB, CR, LF…), DEL, C1 controls, and the Unicode line and paragraph separators. */
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
/**
 * Invisible format characters (Unicode category Cf): the bidi embeddings, overrides and isolates
 * (U+202A–202E, U+2066–2069), the marks U+200E, U+200F, U+061C, zero-width space U+200B, word
 * joiner, BOM, soft hyphen, tag characters… They can make `invoice\u202Etxt.exe` read as
 * "invoiceexe.txt". Kept: ZERO WIDTH JOINER and NON-JOINER (U+200D, U+200C), which emoji
 * sequences and several scripts need and which reorder nothing.
 */
const INVISIBLE_FORMAT = /(?![\u200c\u200d])\p{Cf}/gu;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const EXTENSION = /\.[^.\s]{1,16}$/;

/**
 * The display name of a file as users gave it, made safe to store and to put in headers once
 * encoded: control characters (NUL, CR, LF, tabs…) and invisible format characters (bidi
 * controls among them) removed, lone surrogates replaced, spaces trimmed, at most
 * {@link MAX_FILE_NAME_LENGTH} characters (a long name keeps its extension). Removed rather
 * than replaced: what is left reads in the order its characters really have, so the extension
 * seen is the extension the file has (`invoice\u202Etxt.exe` becomes `invoicetxt.exe`). The
 * relay applies it where a name is accepted (upload creation) and again in download headers;
 * the client applies it before sending. The name is only ever displayed and offered as a
 * download name: stored files use relay-made ids.
 */
export function sanitizeFileName(name: string): string {
  const clean = name
    .replace(CONTROL_CHARACTERS, '')
    .replace(LONE_SURROGATE, '\ufffd')
    .replace(INVISIBLE_FORMAT, '')
    .trim();
  const chars = Array.from(clean);
  if (chars.length === 0) return 'file';
  if (chars.length <= MAX_FILE_NAME_LENGTH) return clean;
  const extension = EXTENSION.exec(clean)?.[0] ?? '';
  const keep = MAX_FILE_NAME_LENGTH - Array.from(extension).length;
  return chars.slice(0, keep).join('').trimEnd() + extension;
}

/** A declared MIME type reduced to `type/subtype` in lower case, or {@link UNKNOWN_FILE_TYPE}. */
export function sanitizeFileType(type: string | undefined | null): string {
  if (typeof type !== 'string') return UNKNOWN_FILE_TYPE;
  const essence = type.split(';', 1)[0]!.trim().toLowerCase();
  return MIME_TYPE.test(essence) ? essence : UNKNOWN_FILE_TYPE;
}

/** Whether a string is a valid type pattern: `type/subtype`, `type/*` or `*\/*`. */
export function isFileTypePattern(pattern: string): boolean {
  return MIME_PATTERN.test(pattern.trim().toLowerCase());
}

/** Whether `type` (a sanitized MIME type) matches `pattern` (`image/*`, `application/pdf`, `*\/*`). */
export function fileTypeMatches(type: string, pattern: string): boolean {
  const [major, minor] = sanitizeFileType(type).split('/') as [string, string];
  const [pMajor, pMinor] = pattern.trim().toLowerCase().split('/');
  return (pMajor === '*' || pMajor === major) && (pMinor === '*' || pMinor === minor);
}

/** A refusal of a file by the limits: the same code on the client (at once) and the relay. */
export interface FileRefusal {
  code: ErrorCode;
  message: string;
}

/**
 * Checks a file's size and (sanitized) type against a relay's limits. `undefined` when it may
 * be shared; else `FILE_TOO_LARGE` or `FILE_TYPE_REFUSED`. The type is what the sender
 * declared: the lists keep honest users from sharing what the host does not want, they do not
 * inspect bytes.
 */
export function checkFile(file: { size: number; type: string }, limits: FileLimits): FileRefusal | undefined {
  if (file.size > limits.maxFileBytes) {
    return { code: ErrorCodes.FILE_TOO_LARGE, message: `the file is larger than ${limits.maxFileBytes} bytes` };
  }
  const type = sanitizeFileType(file.type);
  if (limits.deniedFileTypes?.some((pattern) => fileTypeMatches(type, pattern))) {
    return { code: ErrorCodes.FILE_TYPE_REFUSED, message: `files of type ${type} may not be shared` };
  }
  const allowed = limits.allowedFileTypes;
  if (allowed && allowed.length > 0 && !allowed.some((pattern) => fileTypeMatches(type, pattern))) {
    return { code: ErrorCodes.FILE_TYPE_REFUSED, message: `files of type ${type} may not be shared` };
  }
  return undefined;
}

/** Raster image types a browser may show inline (never SVG, HTML or anything that runs code). */
export const INLINE_IMAGE_TYPES: readonly string[] = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'];

export function isInlineImageType(type: string): boolean {
  return INLINE_IMAGE_TYPES.includes(sanitizeFileType(type));
}

const THUMBNAIL = /^data:image\/(webp|jpeg|png);base64,([A-Za-z0-9+/]+={0,2})$/;

/** First bytes of each thumbnail format, checked against what the data URL claims. */
function magicMatches(kind: string, bytes: string): boolean {
  switch (kind) {
    case 'png':
      return bytes.startsWith('\x89PNG\r\n\x1a\n');
    case 'jpeg':
      return bytes.startsWith('\xff\xd8\xff');
    case 'webp':
      return bytes.startsWith('RIFF') && bytes.slice(8, 12) === 'WEBP';
    default:
      return false;
  }
}

/**
 * Whether `value` is an acceptable thumbnail: a `data:image/webp|jpeg|png;base64,…` URL of at
 * most {@link MAX_THUMBNAIL_LENGTH} characters whose bytes start like the format it names.
 */
export function isThumbnailDataUrl(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > MAX_THUMBNAIL_LENGTH) return false;
  const match = THUMBNAIL.exec(value);
  if (!match || match[2]!.length % 4 !== 0 || match[2]!.length < 16) return false;
  let head: string;
  try {
    head = atob(match[2]!.slice(0, 16));
  } catch {
    return false;
  }
  return magicMatches(match[1]!, head);
}
