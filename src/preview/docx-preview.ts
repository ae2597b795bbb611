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
import { css, html, nothing, render } from 'lit';
import { PreviewError } from './preview-error.js';
import { previewBaseStyles } from './preview-base.styles.js';
import { createPreviewRoot } from './preview-root.js';
import { PreviewProgress, readBytes } from './preview-source.js';
import { fillString } from './preview-strings.js';
import { checkZip } from './zip-inspect.js';
import { resolveAsset, startModuleWorker } from './asset-url.js';
import { DOCX_FRAME_SANDBOX, docxFrameDocument, sanitizeDocxHtml } from './docx-sanitize.js';
import type { DocxWorkerResponse } from './docx-worker.js';
import type { PreviewContext, PreviewHandle } from './preview-types.js';

export const MAX_DOCX_BYTES = 50 * 1024 * 1024;
/** The worker is terminated when the conversion takes longer. */
export const DOCX_TIME_LIMIT_MS = 10_000;

const styles = css`
  :host {
    position: relative;
  }
  iframe {
    flex: 1;
    min-height: 0;
    width: 100%;
    border: 0;
    background: var(--_bg, #fff);
  }
  .status-host {
    display: contents;
  }
  iframe.loading {
    position: absolute;
    inset: 0;
    visibility: hidden;
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
      const response = event.data;
      if (response.ok && !response.complete) {
        void onFirstScreen?.(response.html);
        return;
      }
      finish(response.ok);
      resolve(response);
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
  // Lit renders the loading status into a host of its own: the frames are plain nodes beside it.
  const statusHost = root.appendChild(document.createElement('div'));
  statusHost.className = 'status-host';
  render(html`<p class="toolbar"><span class="status" role="status">${strings.loading}</span></p>`, statusHost);
  const title = fillString(strings.documentFrame, { name: context.file.name }, lang);
  const makeFrame = (srcdoc: string): HTMLIFrameElement => {
    const frame = document.createElement('iframe');
    frame.className = 'loading';
    frame.setAttribute('aria-hidden', 'true');
    frame.tabIndex = -1;
    frame.title = title;
    frame.setAttribute('sandbox', DOCX_FRAME_SANDBOX);
    frame.referrerPolicy = 'no-referrer';
    frame.srcdoc = srcdoc;
    return frame;
  };
  // Chromium starts a process for sandboxed frames: about 200 ms on a busy machine, more than
  // the conversion of a first screen. The frame is made now, empty and hidden, so that the
  // process starts while the file downloads and converts; the first document shown goes into
  // it (one frame at a time, as before, for a short document).
  let warmFrame: HTMLIFrameElement | null = root.appendChild(makeFrame(docxFrameDocument('', lang)));
  const warmLoaded = new Promise<void>((resolve) => {
    warmFrame!.addEventListener('load', () => resolve(), { once: true });
    setTimeout(resolve, 2000);
  });
  // The document's frames, oldest first: the one on screen, and while a long document's whole
  // replaces its first screen, the whole one loading hidden behind it. Plain nodes, never
  // moved, so the frame that stays is never reloaded.
  const frames: HTMLIFrameElement[] = [];

  /** Shows the sanitized `body` in a frame, hidden until it has loaded; resolves then (or after 2 s). */
  const show = async (body: string): Promise<void> => {
    const srcdoc = docxFrameDocument(body, lang);
    let frame: HTMLIFrameElement;
    if (warmFrame) {
      frame = warmFrame;
      warmFrame = null;
      frames.push(frame);
      // Its empty document's load is over before the document's own is awaited.
      await warmLoaded;
      frame.srcdoc = srcdoc;
    } else {
      frame = root.appendChild(makeFrame(srcdoc));
      frames.push(frame);
    }
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        frame.removeEventListener('load', done);
        // Shown, and the frames before it go; a newer one that is still loading stays. The
        // focus the old frame had goes to the new one.
        const at = frames.indexOf(frame);
        if (!destroyed && at >= 0 && frame.classList.contains('loading')) {
          const focused = root.activeElement?.localName === 'iframe';
          for (const old of frames.splice(0, at)) old.remove();
          frame.className = '';
          frame.removeAttribute('aria-hidden');
          frame.removeAttribute('tabindex');
          render(nothing, statusHost);
          if (focused) frame.focus();
        }
        resolve();
      };
      const timer = setTimeout(done, 2000);
      frame.addEventListener('load', done);
    });
  };

  const progress = new PreviewProgress(signal, context.onError).run(async () => {
    const response = await context.open(signal);
    const bytes = await readBytes(response, MAX_DOCX_BYTES, signal);
    checkZip(bytes);
    // A long document's first screen, shown while the rest converts.
    const onFirstScreen = async (html: string) => {
      if (destroyed || signal.aborted) return;
      await show(sanitizeDocxHtml(html));
      progress.shown();
    };
    const result = await convertInWorker(bytes, signal, DOCX_TIME_LIMIT_MS, context.relay, onFirstScreen);
    if (destroyed || signal.aborted) return;
    if (!result.ok) throw new PreviewError('corrupt', `the document cannot be read: ${result.message}`);
    // Later frames: the whole document is sanitized once the first screen is painted.
    if (frames.length > 0) await new Promise((resolve) => requestAnimationFrame(resolve));
    if (destroyed || signal.aborted) return;
    await show(sanitizeDocxHtml(result.html));
    progress.shown();
  });

  return {
    ready: progress.ready,
    destroy() {
      if (destroyed) return;
      destroyed = true;
      render(null, statusHost);
      for (const frame of frames.splice(0)) frame.remove();
      warmFrame?.remove();
      warmFrame = null;
    },
  };
}
