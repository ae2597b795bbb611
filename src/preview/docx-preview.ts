/**
 * Word documents (.docx): the zip's directory is checked for bombs, mammoth converts the
 * document to HTML in a Web Worker with a time limit, DOMPurify sanitizes the HTML, and a
 * sandboxed frame without scripts and with a no-network CSP shows it. Tables, lists,
 * footnotes and headings come through; external pictures never load.
 *
 * A long document comes in two steps: the worker first converts a copy cut after the first
 * screen (`docx-head.ts`), which is sanitized and shown at once; the whole document, sanitized
 * the same way, then loads in a hidden frame behind it and takes its place when loaded.
 */
import { PreviewError } from './preview-error.js';
import { previewBaseStyles } from './preview-base.styles.js';
import { createPreviewRoot } from './preview-root.js';
import { PreviewProgress, readBytes } from './preview-source.js';
import { fillString } from './preview-strings.js';
import { checkZip } from './zip-inspect.js';
import { resolveAsset, startModuleWorker } from './asset-url.js';
import { sanitizeDocxHtml } from './docx-sanitize.js';
import { createDocumentFrames, documentFramesStyles } from './document-frames.js';
import { runDocumentWorker } from './document-worker.js';
import type { DocxWorkerResponse } from './docx-worker.js';
import type { PreviewContext, PreviewHandle } from './preview-types.js';

export const MAX_DOCX_BYTES = 50 * 1024 * 1024;
/** The worker is terminated when the conversion takes longer. */
export const DOCX_TIME_LIMIT_MS = 10_000;

/** A worker kept after a conversion ends well: the next document skips the start and runs warm code. */
let idleWorker: Worker | null = null;
let idleTimer: ReturnType<typeof setTimeout> | undefined;
/** An idle converter is ended after this long. */
const WORKER_IDLE_MS = 30_000;

/** The idle worker, or a new one from the script `asset-url.ts` finds (`relay`: the relay's base URL, when known). */
async function takeWorker(relay: string | undefined): Promise<Worker> {
  clearTimeout(idleTimer);
  const idle = idleWorker;
  idleWorker = null;
  if (idle) return idle;
  return startModuleWorker(await resolveAsset('chunks/docx-worker.js', new URL('./docx-worker.js', import.meta.url), relay), 'docx-preview');
}

function keepWorker(worker: Worker): void {
  if (idleWorker) {
    worker.terminate();
    return;
  }
  idleWorker = worker;
  idleTimer = setTimeout(() => {
    idleWorker?.terminate();
    idleWorker = null;
  }, WORKER_IDLE_MS);
}

/**
 * Converts in a worker; rejects with `timeout` after `timeLimit` and stops when `signal` aborts.
 * A worker that timed out, failed or was aborted is terminated; one that finished is kept for
 * the next document for a while. `onFirstScreen` gets the HTML of a long document's first
 * screen while the whole document is still converting; the promise settles with the whole.
 */
export async function convertInWorker(
  bytes: ArrayBuffer,
  signal: AbortSignal,
  timeLimit = DOCX_TIME_LIMIT_MS,
  relay?: string,
  onFirstScreen?: (html: string) => void | Promise<void>,
): Promise<DocxWorkerResponse> {
  signal.throwIfAborted();
  const worker = await takeWorker(relay);
  return runDocumentWorker<DocxWorkerResponse>({
    worker,
    bytes,
    signal,
    timeLimit,
    verb: 'convert',
    onFirstScreen: (first) => void onFirstScreen?.(first.html),
    keep: keepWorker,
  });
}

export function mountPreview(context: PreviewContext): PreviewHandle {
  const { strings, lang, signal } = context;
  const root = createPreviewRoot(context.container, [previewBaseStyles, documentFramesStyles]);
  const title = fillString(strings.documentFrame, { name: context.file.name }, lang);
  const frames = createDocumentFrames(root, title, lang, strings.loading);
  let firstScreen = false;

  const progress = new PreviewProgress(signal, context.onError).run(async () => {
    const response = await context.open(signal);
    const bytes = await readBytes(response, MAX_DOCX_BYTES, signal);
    checkZip(bytes);
    // A long document's first screen, shown while the rest converts.
    const onFirstScreen = async (html: string) => {
      if (signal.aborted) return;
      firstScreen = true;
      if (await frames.show(sanitizeDocxHtml(html))) progress.shown();
    };
    const result = await convertInWorker(bytes, signal, DOCX_TIME_LIMIT_MS, context.relay, onFirstScreen);
    if (signal.aborted) return;
    if (!result.ok) throw new PreviewError('corrupt', `the document cannot be read: ${result.message}`);
    // Later frames: the whole document is sanitized once the first screen is painted.
    if (firstScreen) await new Promise((resolve) => requestAnimationFrame(resolve));
    if (signal.aborted) return;
    if (await frames.show(sanitizeDocxHtml(result.html))) progress.shown();
  });

  return { ready: progress.ready, destroy: () => frames.destroy() };
}
