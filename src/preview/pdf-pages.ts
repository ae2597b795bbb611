import { AnnotationMode, TextLayer } from 'pdfjs-dist';
import type { PDFDocumentProxy, PDFPageProxy, RenderTask } from 'pdfjs-dist';
import { fillString } from './preview-strings.js';
import type { PreviewStrings } from './preview-types.js';

/** A canvas never gets more pixels than this (zoomed in on a huge page). */
const MAX_CANVAS_PIXELS = 16_777_216;
export const MIN_SCALE = 0.25;
export const MAX_SCALE = 5;
/** Gap between pages in px; the styles say 12px too. */
export const PAGE_GAP = 12;

export interface PageEntry {
  number: number;
  el: HTMLDivElement;
  /** Size at scale 1 (from page 1 until the page itself is known). */
  width: number;
  height: number;
  known: boolean;
  renderedScale: number;
  rendering: Promise<void> | null;
  task: RenderTask | null;
  textLayer: TextLayer | null;
  textDiv: HTMLDivElement | null;
  /** The text layer's items (aligned with textLayer.textDivs). */
  itemStrs: string[];
}

/** What the parts of one pdf preview share. */
export interface PdfView {
  /** The document once loaded; null again once destroyed. */
  readonly doc: PDFDocumentProxy | null;
  readonly destroyed: boolean;
  readonly signal: AbortSignal;
  readonly strings: PreviewStrings;
  readonly lang: string;
  scroller(): HTMLDivElement | null;
  /** Redraws the toolbar (page, zoom and find state). */
  drawChrome(): void;
  /** A page's text layer is on screen: find marks its matches in it. */
  highlight(entry: PageEntry): void;
}

/**
 * The pages of one pdf preview: placeholders sized from page 1, each rendered (canvas and
 * selectable text layer) while within one screen of the view and released again when it leaves,
 * the zoom (fit width or a scale, kept on the page in view) and the current page.
 */
export class PdfPages {
  entries: PageEntry[] = [];
  scale = 1;
  fit = true;
  currentPage = 1;
  private readonly visible = new Set<number>();
  private observer: IntersectionObserver | null = null;
  private resizeObserver: ResizeObserver | null = null;
  private scrollFrame = 0;

  constructor(private readonly view: PdfView) {}

  /** Placeholders for `count` pages of page 1's size (`base`, at scale 1), fitted to the width, into `container`. */
  create(count: number, base: { width: number; height: number }, container: Element): void {
    const { strings, lang } = this.view;
    this.entries = Array.from({ length: count }, (_, i) => {
      const el = document.createElement('div');
      el.className = 'page';
      el.dataset['page'] = String(i + 1);
      el.setAttribute('role', 'group');
      el.setAttribute('aria-label', fillString(strings.page, { page: i + 1 }, lang));
      return { number: i + 1, el, width: base.width, height: base.height, known: i === 0, renderedScale: 0, rendering: null, task: null, textLayer: null, textDiv: null, itemStrs: [] };
    });
    this.scale = this.fitScale();
    for (const entry of this.entries) this.layout(entry);
    container.append(...this.entries.map((entry) => entry.el));
  }

  /** From now on pages render as they come near the view of `box`, and a fitted width follows its resizes. */
  watch(box: HTMLDivElement): void {
    this.observer = new IntersectionObserver(
      (entries) => {
        const pages = this.entries;
        for (const item of entries) {
          const entry = pages[Number((item.target as HTMLElement).dataset['page']) - 1]!;
          if (item.isIntersecting) {
            this.visible.add(entry.number);
            void this.render(entry);
          } else {
            this.visible.delete(entry.number);
            if (entry.number !== 1 || pages.length > 1) this.release(entry);
          }
        }
      },
      { root: box, rootMargin: '100% 0px' },
    );
    for (const entry of this.entries) this.observer.observe(entry.el);
    box.addEventListener('scroll', this.onScrollFrame, { passive: true });
    let lastWidth = box.clientWidth;
    this.resizeObserver = new ResizeObserver(() => {
      if (box.clientWidth === lastWidth) return;
      lastWidth = box.clientWidth;
      if (this.fit) this.setScale(null);
    });
    this.resizeObserver.observe(box);
  }

  /** Renders `entry` at the current scale (once; again after a zoom). */
  render(entry: PageEntry): Promise<void> {
    if (entry.renderedScale === this.scale && entry.rendering) return entry.rendering;
    const { view } = this;
    const target = this.scale;
    const run = (async () => {
      if (!view.doc) return;
      const page: PDFPageProxy = await view.doc.getPage(entry.number);
      if (view.destroyed || target !== this.scale) return;
      if (!entry.known) {
        const base = page.getViewport({ scale: 1 });
        entry.width = base.width;
        entry.height = base.height;
        entry.known = true;
        this.layout(entry);
      }
      const viewport = page.getViewport({ scale: target });
      const dpr = window.devicePixelRatio || 1;
      const pixels = viewport.width * viewport.height * dpr * dpr;
      const output = pixels > MAX_CANVAS_PIXELS ? dpr * Math.sqrt(MAX_CANVAS_PIXELS / pixels) : dpr;
      const canvas = document.createElement('canvas');
      canvas.width = Math.max(1, Math.floor(viewport.width * output));
      canvas.height = Math.max(1, Math.floor(viewport.height * output));
      canvas.setAttribute('aria-hidden', 'true');
      entry.task?.cancel();
      const task = page.render({
        canvas,
        viewport,
        annotationMode: AnnotationMode.ENABLE,
        transform: output !== 1 ? [output, 0, 0, output, 0, 0] : undefined,
      });
      entry.task = task;
      try {
        await task.promise;
      } catch (error) {
        if ((error as { name?: string })?.name === 'RenderingCancelledException' || view.destroyed) return;
        throw error;
      }
      if (view.destroyed || entry.task !== task) return;
      entry.task = null;
      // Swap in the new canvas and a new text layer.
      entry.textLayer?.cancel();
      for (const old of entry.el.querySelectorAll('canvas')) {
        old.width = 0;
        old.height = 0;
      }
      const textDiv = document.createElement('div');
      textDiv.className = 'textLayer';
      entry.el.replaceChildren(canvas, textDiv);
      entry.textDiv = textDiv;
      entry.renderedScale = target;
      const textLayer = new TextLayer({
        textContentSource: page.streamTextContent({ includeMarkedContent: true, disableNormalization: true }),
        container: textDiv,
        viewport,
      });
      entry.textLayer = textLayer;
      try {
        await textLayer.render();
      } catch (error) {
        if ((error as { name?: string })?.name === 'AbortException' || view.destroyed) return;
        throw error;
      }
      if (entry.textLayer !== textLayer) return;
      entry.itemStrs = textLayer.textContentItemsStr;
      view.highlight(entry);
    })();
    entry.rendering = run;
    run.catch((error: unknown) => {
      if (view.destroyed || view.signal.aborted) return;
      entry.rendering = null;
      const message = document.createElement('p');
      message.className = 'page-error';
      message.setAttribute('role', 'alert');
      message.textContent = `${fillString(view.strings.page, { page: entry.number }, view.lang)}: ${String((error as Error)?.message ?? error)}`;
      entry.el.append(message);
    });
    return run;
  }

  /** Zooms to `next` (clamped), or fits the width with null. */
  setScale(next: number | null): void {
    const box = this.view.scroller();
    const pages = this.entries;
    if (!box || !pages.length) return;
    this.fit = next === null;
    const target = next === null ? this.fitScale() : Math.min(MAX_SCALE, Math.max(MIN_SCALE, next));
    if (Math.abs(target - this.scale) < 0.001) {
      this.view.drawChrome();
      return;
    }
    // Keep the page in view where it is.
    const anchor = pages[this.currentPage - 1]!;
    const within = (box.scrollTop - anchor.el.offsetTop) / Math.max(1, anchor.el.offsetHeight);
    this.scale = target;
    for (const entry of pages) {
      this.layout(entry);
      if (entry.renderedScale) entry.renderedScale = -1; // stale
    }
    box.scrollTop = anchor.el.offsetTop + within * anchor.el.offsetHeight;
    for (const number of this.visible) void this.render(pages[number - 1]!);
    this.view.drawChrome();
  }

  destroy(): void {
    cancelAnimationFrame(this.scrollFrame);
    this.observer?.disconnect();
    this.resizeObserver?.disconnect();
    for (const entry of this.entries) this.release(entry);
    this.entries = [];
  }

  private layout(entry: PageEntry): void {
    entry.el.style.width = `${Math.floor(entry.width * this.scale)}px`;
    entry.el.style.height = `${Math.floor(entry.height * this.scale)}px`;
    entry.el.style.setProperty('--scale-factor', String(this.scale));
  }

  private fitScale(): number {
    const box = this.view.scroller();
    const first = this.entries[0];
    if (!box || !first) return 1;
    const width = box.clientWidth - 2 * PAGE_GAP;
    return Math.min(MAX_SCALE, Math.max(MIN_SCALE, width / first.width));
  }

  private release(entry: PageEntry): void {
    entry.task?.cancel();
    entry.task = null;
    entry.textLayer?.cancel();
    entry.textLayer = null;
    for (const canvas of entry.el.querySelectorAll('canvas')) {
      canvas.width = 0;
      canvas.height = 0;
    }
    entry.el.replaceChildren();
    entry.textDiv = null;
    entry.itemStrs = [];
    entry.renderedScale = 0;
    entry.rendering = null;
  }

  private onScroll(): void {
    const box = this.view.scroller();
    const pages = this.entries;
    if (!box || !pages.length) return;
    const line = box.scrollTop + box.clientHeight * 0.3;
    let low = 0;
    let high = pages.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (pages[mid]!.el.offsetTop <= line) low = mid;
      else high = mid - 1;
    }
    if (this.currentPage !== low + 1) {
      this.currentPage = low + 1;
      this.view.drawChrome();
    }
  }

  private readonly onScrollFrame = (): void => {
    if (this.scrollFrame) return;
    this.scrollFrame = requestAnimationFrame(() => {
      this.scrollFrame = 0;
      this.onScroll();
    });
  };
}
