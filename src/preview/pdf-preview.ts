/**
 * PDF with pdf.js: parsing in a real worker, eval off, no scripting (pdf.js runs document
 * JavaScript only through a scripting sandbox this previewer never creates), no XFA, no
 * annotation layer, no fetch of fonts, CMaps or wasm from anywhere. Page 1 renders first;
 * the others are placeholders sized from page 1 and render as they scroll into view, so a
 * 500-page file opens as fast as a 1-page one. Text is selectable (pdf.js `TextLayer`) and
 * searchable; zoom in, out and fit width.
 */
import { html, render } from 'lit';
import type { PDFDocumentLoadingTask, PDFDocumentProxy } from 'pdfjs-dist';
import { createPdfFind } from './pdf-find.js';
import { looksTruncated, mapLoadError, openDocument } from './pdf-document.js';
import { createPdfPages, MAX_SCALE, MIN_SCALE, type PdfView } from './pdf-pages.js';
import { pdfPreviewStyles } from './pdf-preview.styles.js';
import { acquireWorker, releaseWorker } from './pdf-worker-pool.js';
import { previewBaseStyles } from './preview-base.styles.js';
import { createPreviewRoot } from './preview-root.js';
import { PreviewProgress, readBytes } from './preview-source.js';
import { fillString } from './preview-strings.js';
import type { PreviewContext, PreviewHandle } from './preview-types.js';

export { MAX_IMAGE_PIXELS } from './pdf-document.js';
export const MAX_PDF_BYTES = 200 * 1024 * 1024;
/** Each zoom step multiplies or divides the scale by this. */
const STEP = 1.25;

export function mountPreview(context: PreviewContext): PreviewHandle {
  const { strings, lang, signal } = context;
  const root = createPreviewRoot(context.container, [previewBaseStyles, pdfPreviewStyles]);
  let loadingTask: PDFDocumentLoadingTask | null = null;
  let workerHeld = false;
  let truncated = false;
  const view: PdfView & { doc: PDFDocumentProxy | null; destroyed: boolean } = {
    doc: null,
    destroyed: false,
    signal,
    strings,
    lang,
    scroller: () => root.querySelector<HTMLDivElement>('.scroller'),
    drawChrome: () => drawChrome(),
    highlight: (entry) => find.highlightPage(entry),
  };
  const pages = createPdfPages(view);
  const find = createPdfFind(view, pages);

  const drawChrome = () => {
    if (view.destroyed) return;
    const count = view.doc?.numPages ?? 0;
    const { scale, fit, currentPage } = pages;
    const { query, matches, searching } = find;
    render(
      html`
        <div class="toolbar">
          <span class="status" data-page=${currentPage} data-pages=${count}>${count ? fillString(strings.pageOf, { page: currentPage, count }, lang) : strings.loading}</span>
          <button type="button" aria-label=${strings.zoomOut} title=${strings.zoomOut} ?disabled=${!count || scale <= MIN_SCALE} @click=${() => pages.setScale(pages.scale / STEP)}>−</button>
          <button type="button" aria-label=${strings.zoomIn} title=${strings.zoomIn} ?disabled=${!count || scale >= MAX_SCALE} @click=${() => pages.setScale(pages.scale * STEP)}>+</button>
          <button type="button" aria-pressed=${fit ? 'true' : 'false'} ?disabled=${!count} @click=${() => pages.setScale(null)}>${strings.fitWidth}</button>
          <span class="find" role="search">
            <input type="search" aria-label=${strings.find} placeholder=${strings.find} .value=${query} ?disabled=${!count} @keydown=${find.onKey} @input=${find.onInput} />
            <button type="button" aria-label=${strings.previousMatch} title=${strings.previousMatch} ?disabled=${matches.length === 0} @click=${() => find.step(-1)}>↑</button>
            <button type="button" aria-label=${strings.nextMatch} title=${strings.nextMatch} ?disabled=${matches.length === 0} @click=${() => find.step(1)}>↓</button>
            <span class="find-status" role="status" data-matches=${matches.length} data-searching=${searching ? 'true' : 'false'}>${find.status}</span>
          </span>
        </div>
        ${truncated ? html`<p class="alert" role="alert">${strings.truncatedNotice}</p>` : null}
      `,
      root.querySelector('.chrome')!,
    );
  };

  // ---- load

  render(html`<div class="chrome"></div><div class="scroller" tabindex="0" role="region" aria-label=${context.file.name}><div class="pages"></div></div>`, root);
  drawChrome();

  const progress = new PreviewProgress(signal, context.onError).run(async () => {
    const response = await context.open(signal);
    const bytes = new Uint8Array(await readBytes(response, MAX_PDF_BYTES, signal));
    if (view.destroyed) return;
    truncated = looksTruncated(bytes);
    workerHeld = true;
    const worker = await acquireWorker(context.relay);
    // Closed while the worker's script was looked for: destroy() has given the worker back.
    if (view.destroyed) return;
    const opened = openDocument(bytes, worker, truncated);
    loadingTask = opened.task;
    const doc = await opened.loaded;
    view.doc = doc;
    if (view.destroyed) return;
    const first = await doc.getPage(1).catch((error: unknown) => {
      throw mapLoadError(error, truncated);
    });
    pages.create(doc.numPages, first.getViewport({ scale: 1 }), root.querySelector('.pages')!);
    drawChrome();
    // Page 1 first, alone: the others wait for the observer.
    const firstEntry = pages.entries[0]!;
    const firstRender = pages.render(firstEntry);
    await Promise.race([
      firstRender,
      new Promise<void>((resolve) => {
        const wait = () => (firstEntry.el.querySelector('canvas') || view.destroyed ? resolve() : requestAnimationFrame(wait));
        wait();
      }),
    ]);
    if (view.destroyed) return;
    progress.shown();
    pages.watch(view.scroller()!);
  });

  return {
    ready: progress.ready,
    destroy() {
      if (view.destroyed) return;
      view.destroyed = true;
      find.destroy();
      pages.destroy();
      // pdf.js 6: the loading task owns the document (PDFDocumentProxy.destroy is gone).
      const task = loadingTask;
      loadingTask = null;
      view.doc = null;
      const done = task ? task.destroy().catch(() => {}) : Promise.resolve();
      if (workerHeld) void done.then(releaseWorker);
      render(null, root);
    },
  };
}
