/**
 * rtf and Word 97–2003 documents (.doc, .dot): a worker (`legacy-worker.ts`) reads the file with
 * a time limit and answers body HTML; DOMPurify sanitizes it and a sandboxed frame without
 * scripts and with a no-network CSP shows it, as for docx. An rtf keeps bold, italic,
 * underline, tables, links and PNG/JPEG pictures; a .doc shows its text, paragraphs and tables
 * only, and says so.
 */
import { PreviewError } from './preview-error.js';
import { previewBaseStyles } from './preview-base.styles.js';
import { createPreviewRoot } from './preview-root.js';
import { PreviewProgress, readBytes } from './preview-source.js';
import { fillString } from './preview-strings.js';
import { resolveAsset, startModuleWorker } from './asset-url.js';
import { sanitizeDocxHtml } from './docx-sanitize.js';
import { createDocumentFrames, documentFramesStyles } from './document-frames.js';
import { runDocumentWorker } from './document-worker.js';
import type { LegacyWorkerResponse } from './legacy-worker.js';
import type { PreviewContext, PreviewHandle } from './preview-types.js';

export const MAX_LEGACY_BYTES = 50 * 1024 * 1024;
/** The worker is terminated when reading takes longer. */
export const LEGACY_TIME_LIMIT_MS = 10_000;

type Converted = Extract<LegacyWorkerResponse, { ok: true }>;

/**
 * Reads the file in a worker; rejects with `timeout` after `timeLimit`, stops when `signal`
 * aborts. `onFirstScreen` gets a long document's first screen while the rest is read.
 */
export async function readInWorker(
  bytes: ArrayBuffer,
  signal: AbortSignal,
  timeLimit = LEGACY_TIME_LIMIT_MS,
  relay?: string,
  onFirstScreen?: (firstScreen: Converted) => void,
): Promise<Converted> {
  signal.throwIfAborted();
  const url = await resolveAsset('chunks/legacy-worker.js', new URL('./legacy-worker.js', import.meta.url), relay);
  signal.throwIfAborted();
  const worker = startModuleWorker(url, 'legacy-preview');
  const response = await runDocumentWorker<LegacyWorkerResponse>({ worker, bytes, signal, timeLimit, verb: 'read', onFirstScreen });
  if (!response.ok) throw new PreviewError(response.code, `the document cannot be read: ${response.message}`);
  return response;
}

export function mountPreview(context: PreviewContext): PreviewHandle {
  const { strings, lang, signal } = context;
  const root = createPreviewRoot(context.container, [previewBaseStyles, documentFramesStyles]);
  const title = fillString(strings.documentFrame, { name: context.file.name }, lang);
  const frames = createDocumentFrames(root, title, lang, strings.loading);

  /** Shows `result` (sanitized), with its notices once it is on screen. */
  const show = async (result: Converted) => {
    if (signal.aborted) return;
    const notices = [result.textOnly ? strings.textOnlyNotice : '', result.truncated ? strings.documentCutNotice : ''].filter(Boolean);
    if (await frames.show(sanitizeDocxHtml(result.html), notices)) progress.shown();
  };

  const progress = new PreviewProgress(signal, context.onError).run(async () => {
    const response = await context.open(signal);
    const bytes = await readBytes(response, MAX_LEGACY_BYTES, signal);
    let firstScreen = false;
    const result = await readInWorker(bytes, signal, LEGACY_TIME_LIMIT_MS, context.relay, (first) => {
      firstScreen = true;
      void show(first);
    });
    // The whole document once the first screen is painted.
    if (firstScreen) await new Promise((resolve) => requestAnimationFrame(resolve));
    await show(result);
  });

  return { ready: progress.ready, destroy: () => frames.destroy() };
}
