/**
 * Word documents (.docx): the zip's directory is checked for bombs, mammoth converts the
 * document to HTML in a Web Worker with a time limit, DOMPurify sanitizes the HTML, and a
 * sandboxed frame without scripts and with a no-network CSP shows it. Tables, lists,
 * footnotes and headings come through; external pictures never load.
 */
import { css, html, render } from 'lit';
import { PreviewError } from './preview-error.js';
import { previewBaseStyles } from './preview-base.styles.js';
import { createPreviewRoot } from './preview-root.js';
import { PreviewProgress, readBytes } from './preview-source.js';
import { fillString } from './preview-strings.js';
import { checkZip } from './zip-inspect.js';
import { resolveAsset, startModuleWorker } from './asset-url.js';
import { docxFrameDocument, sanitizeDocxHtml } from './docx-sanitize.js';
import type { DocxWorkerResponse } from './docx-worker.js';
import type { PreviewContext, PreviewHandle } from './preview-types.js';

export const MAX_DOCX_BYTES = 50 * 1024 * 1024;
/** The worker is terminated when the conversion takes longer. */
export const DOCX_TIME_LIMIT_MS = 10_000;

const styles = css`
  iframe {
    flex: 1;
    min-height: 0;
    width: 100%;
    border: 0;
    background: var(--_bg, #fff);
  }
`;

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
 * the next document for a while.
 */
export async function convertInWorker(
  bytes: ArrayBuffer,
  signal: AbortSignal,
  timeLimit = DOCX_TIME_LIMIT_MS,
  relay?: string,
): Promise<DocxWorkerResponse> {
  signal.throwIfAborted();
  const worker = await takeWorker(relay);
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      keepWorker(worker);
      reject(signal.reason);
      return;
    }
    const finish = (keep: boolean) => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      worker.onmessage = null;
      worker.onerror = null;
      if (keep) keepWorker(worker);
      else worker.terminate();
    };
    const onAbort = () => {
      finish(false);
      reject(signal.reason ?? new DOMException('The preview was closed', 'AbortError'));
    };
    const timer = setTimeout(() => {
      finish(false);
      reject(new PreviewError('timeout', `the document took longer than ${timeLimit} ms to convert`));
    }, timeLimit);
    signal.addEventListener('abort', onAbort, { once: true });
    worker.onmessage = (event: MessageEvent<DocxWorkerResponse>) => {
      finish(event.data.ok);
      resolve(event.data);
    };
    worker.onerror = (event) => {
      event.preventDefault();
      finish(false);
      reject(new PreviewError('unknown', `the document converter failed: ${event.message}`));
    };
    worker.postMessage({ bytes }, [bytes]);
  });
}

export function mountPreview(context: PreviewContext): PreviewHandle {
  const { strings, lang, signal } = context;
  const root = createPreviewRoot(context.container, [previewBaseStyles, styles]);
  let destroyed = false;
  render(html`<p class="toolbar"><span class="status" role="status">${strings.loading}</span></p>`, root);

  const progress = new PreviewProgress(signal, context.onError).run(async () => {
    const response = await context.open(signal);
    const bytes = await readBytes(response, MAX_DOCX_BYTES, signal);
    checkZip(bytes);
    const result = await convertInWorker(bytes, signal, DOCX_TIME_LIMIT_MS, context.relay);
    if (destroyed || signal.aborted) return;
    if (!result.ok) throw new PreviewError('corrupt', `the document cannot be read: ${result.message}`);
    const body = sanitizeDocxHtml(result.html);
    const frame = html`<iframe
      title=${fillString(strings.documentFrame, { name: context.file.name }, lang)}
      sandbox="allow-popups allow-popups-to-escape-sandbox"
      referrerpolicy="no-referrer"
      .srcdoc=${docxFrameDocument(body, lang)}
    ></iframe>`;
    render(frame, root);
    const iframe = root.querySelector('iframe')!;
    await new Promise<void>((resolve) => {
      iframe.addEventListener('load', () => resolve(), { once: true });
      setTimeout(resolve, 2000);
    });
    progress.shown();
  });

  return {
    ready: progress.ready,
    destroy() {
      if (destroyed) return;
      destroyed = true;
      render(null, root);
    },
  };
}
