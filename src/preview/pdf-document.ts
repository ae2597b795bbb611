import { getDocument } from 'pdfjs-dist';
import type { PDFDocumentLoadingTask, PDFDocumentProxy, PDFWorker } from 'pdfjs-dist';
import { PreviewError } from './preview-error.js';

/** Images with more pixels are not drawn (a 300 dpi A3 scan has about 17 million). */
export const MAX_IMAGE_PIXELS = 25_000_000;

/** pdf.js's errors as the dialog's codes (a protected, corrupt, truncated or undownloadable file). */
export function mapLoadError(error: unknown, truncated: boolean): unknown {
  const name = (error as { name?: string } | null)?.name;
  if (name === 'PasswordException') return new PreviewError('password', 'the PDF is protected by a password', { cause: error });
  if (name === 'InvalidPDFException' || name === 'FormatError' || name === 'UnknownErrorException') {
    return new PreviewError(truncated ? 'truncated' : 'corrupt', `the PDF cannot be read: ${(error as Error).message}`, { cause: error });
  }
  if (name === 'ResponseException') return new PreviewError('network', 'the PDF could not be downloaded', { cause: error });
  return error;
}

/** A PDF is truncated when it starts like one but its last kilobyte lacks `%%EOF`. */
export function looksTruncated(bytes: Uint8Array): boolean {
  const latin1 = new TextDecoder('latin1');
  if (!latin1.decode(bytes.subarray(0, 1024)).includes('%PDF-')) return false;
  return !latin1.decode(bytes.subarray(Math.max(0, bytes.length - 1024))).includes('%%EOF');
}

/**
 * Starts parsing `bytes` in `worker` with everything a hostile file could use turned off. The
 * task comes back at once (destroying it stops the parse and frees the document); `loaded`
 * settles with the document or a {@link PreviewError}.
 */
export function openDocument(
  bytes: Uint8Array,
  worker: PDFWorker,
  truncated: boolean,
): { task: PDFDocumentLoadingTask; loaded: Promise<PDFDocumentProxy> } {
  const task = getDocument({
    data: bytes,
    worker,
    // pdf.js 6 has no eval path left (the option was removed with it); kept for older builds.
    ...({ isEvalSupported: false } as object),
    enableXfa: false,
    maxImageSize: MAX_IMAGE_PIXELS,
    // Nothing is fetched: no CMaps, standard fonts, ICC profiles or wasm from any URL.
    useWorkerFetch: false,
    stopAtErrors: false,
    verbosity: 0,
  });
  // A password is not asked for: the dialog says the file is protected.
  task.onPassword = () => {
    task.destroy().catch(() => {});
    passwordRejected?.(new PreviewError('password', 'the PDF is protected by a password'));
  };
  let passwordRejected: ((error: PreviewError) => void) | undefined;
  const passwordGate = new Promise<never>((_, reject) => (passwordRejected = reject));
  const loaded = Promise.race([task.promise, passwordGate]).catch((error: unknown) => {
    throw mapLoadError(error, truncated);
  });
  return { task, loaded };
}
