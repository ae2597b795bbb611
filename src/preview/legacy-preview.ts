/**
 * rtf and Word 97–2003 documents (.doc, .dot): a worker (`legacy-worker.ts`) reads the file with
 * a time limit and answers body HTML; DOMPurify sanitizes it and a sandboxed frame without
 * scripts and with a no-network CSP shows it, as for docx. An rtf keeps bold, italic,
 * underline, tables, links and PNG/JPEG pictures; a .doc shows its text, paragraphs and tables
 * only, and says so.
 */
import { css, html, nothing, render } from 'lit';
import { PreviewError } from './preview-error.js';
import { previewBaseStyles } from './preview-base.styles.js';
import { createPreviewRoot } from './preview-root.js';
import { PreviewProgress, readBytes } from './preview-source.js';
import { fillString } from './preview-strings.js';
import { resolveAsset, startModuleWorker } from './asset-url.js';
import { DOCX_FRAME_SANDBOX, docxFrameDocument, sanitizeDocxHtml } from './docx-sanitize.js';
import type { LegacyWorkerResponse } from './legacy-worker.js';
import type { PreviewContext, PreviewHandle } from './preview-types.js';

export const MAX_LEGACY_BYTES = 50 * 1024 * 1024;
/** The worker is terminated when reading takes longer. */
export const LEGACY_TIME_LIMIT_MS = 10_000;

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
  iframe.loading {
    position: absolute;
    inset: 0;
    visibility: hidden;
  }
  .status-host {
    display: contents;
  }
`;

/** Reads the file in a worker; rejects with `timeout` after `timeLimit`, stops when `signal` aborts. */
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
  return new Promise((resolve, reject) => {
    const finish = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      worker.onmessage = null;
      worker.onerror = null;
      worker.terminate();
    };
    const onAbort = () => {
      finish();
      reject(signal.reason ?? new DOMException('The preview was closed', 'AbortError'));
    };
    const timer = setTimeout(() => {
      finish();
      reject(new PreviewError('timeout', `the document took longer than ${timeLimit} ms to read`));
    }, timeLimit);
    signal.addEventListener('abort', onAbort, { once: true });
    worker.onmessage = (event: MessageEvent<LegacyWorkerResponse>) => {
      const response = event.data;
      if (response.ok && !response.complete) {
        onFirstScreen?.(response);
        return;
      }
      finish();
      if (response.ok) resolve(response);
      else reject(new PreviewError(response.code, `the document cannot be read: ${response.message}`));
    };
    worker.onerror = (event) => {
      event.preventDefault();
      finish();
      reject(new PreviewError('unknown', `the document reader failed: ${event.message}`));
    };
    worker.postMessage({ bytes }, [bytes]);
  });
}

export function mountPreview(context: PreviewContext): PreviewHandle {
  const { strings, lang, signal } = context;
  const root = createPreviewRoot(context.container, [previewBaseStyles, styles]);
  let destroyed = false;
  const statusHost = root.appendChild(document.createElement('div'));
  statusHost.className = 'status-host';
  render(html`<p class="toolbar"><span class="status" role="status">${strings.loading}</span></p>`, statusHost);
  const title = fillString(strings.documentFrame, { name: context.file.name }, lang);
  const makeFrame = (srcdoc: string): HTMLIFrameElement => {
    const frame = root.appendChild(document.createElement('iframe'));
    frame.className = 'loading';
    frame.setAttribute('aria-hidden', 'true');
    frame.tabIndex = -1;
    frame.title = title;
    frame.setAttribute('sandbox', DOCX_FRAME_SANDBOX);
    frame.referrerPolicy = 'no-referrer';
    frame.srcdoc = srcdoc;
    return frame;
  };
  /** Resolves when `frame` has loaded (or after 2 s). */
  const loaded = (frame: HTMLIFrameElement) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 2000);
      frame.addEventListener('load', () => (clearTimeout(timer), resolve()), { once: true });
    });
  // Made now, empty and hidden: Chromium starts a process for a sandboxed frame while the file
  // downloads and is read (as in the docx previewer). The first document shown goes into it.
  let warmFrame: HTMLIFrameElement | null = makeFrame(docxFrameDocument('', lang));
  const warmLoaded = loaded(warmFrame);
  // The frame on screen; a long document's whole text loads in a second, hidden one behind it.
  let current: HTMLIFrameElement | null = null;
  let showing = Promise.resolve();

  /** Shows `result` (sanitized) in a frame hidden until it has loaded, then drops the older frame. */
  const show = (result: Converted) =>
    (showing = showing.then(async () => {
      if (destroyed || signal.aborted) return;
      const srcdoc = docxFrameDocument(sanitizeDocxHtml(result.html), lang);
      let frame: HTMLIFrameElement;
      if (warmFrame) {
        frame = warmFrame;
        warmFrame = null;
        await warmLoaded;
        const done = loaded(frame);
        frame.srcdoc = srcdoc;
        await done;
      } else {
        frame = makeFrame(srcdoc);
        await loaded(frame);
      }
      if (destroyed || signal.aborted) {
        frame.remove();
        return;
      }
      const focused = root.activeElement?.localName === 'iframe';
      current?.remove();
      current = frame;
      frame.className = '';
      frame.removeAttribute('aria-hidden');
      frame.removeAttribute('tabindex');
      if (focused) frame.focus();
      const notices = [result.textOnly ? strings.textOnlyNotice : '', result.truncated ? strings.documentCutNotice : ''].filter(Boolean);
      render(notices.length ? html`${notices.map((notice) => html`<p class="notice" role="note">${notice}</p>`)}` : nothing, statusHost);
      progress.shown();
    }));

  const progress = new PreviewProgress(signal, context.onError).run(async () => {
    const response = await context.open(signal);
    const bytes = await readBytes(response, MAX_LEGACY_BYTES, signal);
    let firstScreen = false;
    const result = await readInWorker(bytes, signal, LEGACY_TIME_LIMIT_MS, context.relay, (first) => {
      firstScreen = true;
      void show(first);
    });
    // The whole document once the first screen is painted.
    if (firstScreen) {
      await showing;
      await new Promise((resolve) => requestAnimationFrame(resolve));
    }
    await show(result);
  });

  return {
    ready: progress.ready,
    destroy() {
      if (destroyed) return;
      destroyed = true;
      render(null, statusHost);
      for (const frame of root.querySelectorAll('iframe')) frame.remove();
      warmFrame = current = null;
    },
  };
}
