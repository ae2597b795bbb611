import { DEFAULT_MAX_FILE_BYTES, isFileTypePattern, type FileLimits } from '../../src/protocol/index.js';
import type { BlobStore } from '../storage/blob-store.js';
import { RENDITION_EXTENSIONS } from './renditions.js';

/** The relay's options for shared files (part of `RelayOptions`). */
export interface FileRelayOptions {
  /** Largest file in bytes; told to clients on join, refused from the declared length (413). Default: `SESSION_CHAT_MAX_FILE_BYTES` or 1 GiB. */
  maxFileBytes?: number;
  /**
   * MIME type patterns (`image/*`, `application/pdf`) that may be shared; none means any type.
   * Default: `SESSION_CHAT_ALLOWED_FILE_TYPES` (comma-separated) or none.
   */
  allowedFileTypes?: readonly string[];
  /** MIME type patterns refused, winning over `allowedFileTypes`. Default: `SESSION_CHAT_DENIED_FILE_TYPES` or none. */
  deniedFileTypes?: readonly string[];
  /** Unfinished or unshared uploads untouched this long are deleted by a periodic sweep. Default: 24 h. */
  uploadExpiryMs?: number;
  /** Where shared files are kept. Default: a `FileBlobStore` in `${dataDir}/blobs`. */
  blobStore?: BlobStore;
  /**
   * `'libreoffice'`: office documents (doc, rtf, ppt, pptx, odp, xls, …) get a PDF rendition made
   * with LibreOffice headless on first preview (`GET …/files/:fileId/rendition`), cached in
   * `${dataDir}/renditions`; `soffice` must be installed. Default: `SESSION_CHAT_CONVERTER` or `'none'`.
   */
  converter?: 'libreoffice' | 'none';
  /** The LibreOffice program. Default: `SESSION_CHAT_SOFFICE` or `soffice` (found on `PATH`). */
  sofficePath?: string;
  /** A conversion is killed after this long. Default: `SESSION_CHAT_CONVERTER_TIMEOUT_MS` or 60 s. */
  converterTimeoutMs?: number;
  /** Larger files are not converted. Default: 50 MiB. */
  converterMaxBytes?: number;
  /** The converter's address-space limit (where `prlimit` exists). Default: 2 GiB. */
  converterMaxMemoryBytes?: number;
}

/** The converter as resolved: off, or LibreOffice with its limits. */
export type ResolvedConverter =
  | { kind: 'none' }
  | { kind: 'libreoffice'; program: string; timeoutMs: number; maxInputBytes: number; maxMemoryBytes: number };

export interface ResolvedFileOptions {
  maxFileBytes: number;
  allowedFileTypes: readonly string[] | undefined;
  deniedFileTypes: readonly string[] | undefined;
  uploadExpiryMs: number;
  blobStore: BlobStore | undefined;
  converter: ResolvedConverter;
}

export const FILE_DEFAULTS = {
  maxFileBytes: DEFAULT_MAX_FILE_BYTES,
  uploadExpiryMs: 24 * 60 * 60 * 1000,
  converterTimeoutMs: 60_000,
} as const;

function patterns(name: string, value: readonly string[] | string | undefined): readonly string[] | undefined {
  if (value === undefined) return undefined;
  const list = typeof value === 'string' ? value.split(',').map((p) => p.trim()).filter((p) => p !== '') : value;
  if (!Array.isArray(list) || !list.every((p) => typeof p === 'string' && isFileTypePattern(p))) {
    throw new TypeError(`The "${name}" option must be a list of MIME type patterns such as "image/*" or "application/pdf"`);
  }
  return list.length > 0 ? list.map((p) => p.trim().toLowerCase()) : undefined;
}

/** Applies defaults and the environment; invalid values throw a `TypeError` with an exact message. */
export function resolveFileOptions(options: FileRelayOptions, env: NodeJS.ProcessEnv = process.env): ResolvedFileOptions {
  const maxFileBytes =
    options.maxFileBytes ??
    (env.SESSION_CHAT_MAX_FILE_BYTES ? Number(env.SESSION_CHAT_MAX_FILE_BYTES) : FILE_DEFAULTS.maxFileBytes);
  if (!Number.isSafeInteger(maxFileBytes) || maxFileBytes < 0) {
    throw new TypeError('The "maxFileBytes" option must be an integer >= 0');
  }
  const uploadExpiryMs = options.uploadExpiryMs ?? FILE_DEFAULTS.uploadExpiryMs;
  if (!Number.isInteger(uploadExpiryMs) || uploadExpiryMs < 100) {
    throw new TypeError('The "uploadExpiryMs" option must be an integer >= 100');
  }
  return {
    maxFileBytes,
    allowedFileTypes: patterns('allowedFileTypes', options.allowedFileTypes ?? (env.SESSION_CHAT_ALLOWED_FILE_TYPES || undefined)),
    deniedFileTypes: patterns('deniedFileTypes', options.deniedFileTypes ?? (env.SESSION_CHAT_DENIED_FILE_TYPES || undefined)),
    uploadExpiryMs,
    blobStore: options.blobStore,
    converter: resolveConverter(options, env),
  };
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) throw new TypeError(`The "${name}" option must be an integer >= 1`);
  return value;
}

function resolveConverter(options: FileRelayOptions, env: NodeJS.ProcessEnv): ResolvedConverter {
  const kind = options.converter ?? (env.SESSION_CHAT_CONVERTER || 'none');
  if (kind === 'none') return { kind };
  if (kind !== 'libreoffice') throw new TypeError('The "converter" option (or SESSION_CHAT_CONVERTER) must be "libreoffice" or "none"');
  const timeout = options.converterTimeoutMs ?? (env.SESSION_CHAT_CONVERTER_TIMEOUT_MS ? Number(env.SESSION_CHAT_CONVERTER_TIMEOUT_MS) : FILE_DEFAULTS.converterTimeoutMs);
  return {
    kind,
    program: options.sofficePath ?? (env.SESSION_CHAT_SOFFICE || 'soffice'),
    timeoutMs: positiveInteger('converterTimeoutMs', timeout),
    maxInputBytes: positiveInteger('converterMaxBytes', options.converterMaxBytes ?? 50 * 1024 * 1024),
    maxMemoryBytes: positiveInteger('converterMaxMemoryBytes', options.converterMaxMemoryBytes ?? 2 * 1024 * 1024 * 1024),
  };
}

/** The limits clients are told in the welcome (the type lists only when set). */
export function fileLimitsOf(options: ResolvedFileOptions): FileLimits {
  const limits: FileLimits = { maxFileBytes: options.maxFileBytes };
  if (options.allowedFileTypes) limits.allowedFileTypes = options.allowedFileTypes;
  if (options.deniedFileTypes) limits.deniedFileTypes = options.deniedFileTypes;
  if (options.converter.kind !== 'none') limits.renditions = RENDITION_EXTENSIONS;
  return limits;
}
