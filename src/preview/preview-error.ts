import type { PreviewErrorCode } from './preview-types.js';

/** A failure a previewer explains to the user: the dialog maps `code` to a localized message. */
export class PreviewError extends Error {
  readonly code: PreviewErrorCode;

  constructor(code: PreviewErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PreviewError';
    this.code = code;
  }
}

/** The code of any thrown value: a `PreviewError`'s own (also across module copies), `unknown` for anything else. */
export function previewErrorCode(error: unknown): PreviewErrorCode {
  if (error instanceof PreviewError) return error.code;
  const named = error as { name?: unknown; code?: unknown } | null;
  return typeof named === 'object' && named?.name === 'PreviewError' && typeof named.code === 'string' ? (named.code as PreviewErrorCode) : 'unknown';
}

/** Whether a thrown value is the abort of a closed preview (not worth a message). */
export function isAbort(error: unknown, signal?: AbortSignal): boolean {
  if (signal?.aborted) return true;
  return typeof error === 'object' && error !== null && ((error as { name?: unknown }).name === 'AbortError' || (error as { name?: unknown }).name === 'AbortException');
}
