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

/** The pages of one pdf preview, as the toolbar and find see them. */
export interface PdfPages {
  readonly entries: PageEntry[];
  readonly scale: number;
  /** Whether the zoom follows the width. */
  readonly fit: boolean;
  readonly currentPage: number;
  /** Placeholders for `count` pages of page 1's size (`base`, at scale 1), fitted to the width, into `container`. */
  create(count: number, base: { width: number; height: number }, container: Element): void;
  /** From now on pages render as they come near the view of `box`, and a fitted width follows its resizes. */
  watch(box: HTMLDivElement): void;
  /** Renders `entry` at the current scale (once; again after a zoom). */
  render(entry: PageEntry): Promise<void>;
  /** Zooms to `next` (clamped), or fits the width with null. */
  setScale(next: number | null): void;
  destroy(): void;
}

/**
 * The pages of one pdf preview: placeholders sized from page 1, each rendered (canvas and
 * selectable text layer) while within one screen of the view and released again when it leaves,
 * the zoom (fit width or a scale, kept on the page in view) and the current page.
 */
export function createPdfPages(view: PdfView): PdfPages {
  let entries: PageEntry[] = [];
  let scale = 1;
  let fit = true;
  let currentPage = 1;
  const visible = new Set<number>();
  let observer: IntersectionObserver | null = null;
  let resizeObserver: ResizeObserver | null = null;
  let scrollFrame = 0;

  /** Placeholders for `count` pages of page 1's size (`base`, at scale 1), fitted to the width, into `container`. */
  const create = (count: number, base: { width: number; height: number }, container: Element): void => {
    const { strings, lang } = view;
    entries = Array.from({ length: count }, (_, i) => {
      const el = document.createElement('div');
      el.className = 'page';
      el.dataset['page'] = String(i + 1);
      el.setAttribute('role', 'group');
      el.setAttribute('aria-label', fillString(strings.page, { page: i + 1 }, lang));
      return { number: i + 1, el, width: base.width, height: base.height, known: i === 0, renderedScale: 0, rendering: null, task: null, textLayer: null, textDiv: null, itemStrs: [] };
    });
    scale = fitScale();
    for (const entry of entries) layout(entry);
    container.append(...entries.map((entry) => entry.el));
  };

  /** From now on pages render as they come near the view of `box`, and a fitted width follows its resizes. */
  const watch = (box: HTMLDivElement): void => {
    observer = new IntersectionObserver(
      (records) => {
        const pages = entries;
        for (const item of records) {
          const entry = pages[Number((item.target as HTMLElement).dataset['page']) - 1]!;
          if (item.isIntersecting) {
            visible.add(entry.number);
            void render(entry);
          } else {
            visible.delete(entry.number);
            if (entry.number !== 1 || pages.length > 1) release(entry);
          }
        }
      },
      { root: box, rootMargin: '100% 0px' },
    );
    for (const entry of entries) observer.observe(entry.el);
    box.addEventListener('scroll', onScrollFrame, { passive: true });
    let lastWidth = box.clientWidth;
    resizeObserver = new ResizeObserver(() => {
      if (box.clientWidth === lastWidth) return;
      lastWidth = box.clientWidth;
      if (fit) setScale(null);
    });
    resizeObserver.observe(box);
  };

  /** Renders `entry` at the current scale (once; again after a zoom). */
  const render = (entry: PageEntry): Promise<void> => {
    if (entry.renderedScale === scale && entry.rendering) return entry.rendering;
    const target = scale;
    const run = (async () => {
      if (!view.doc) return;
      const page: PDFPageProxy = await view.doc.getPage(entry.number);
      if (view.destroyed || target !== scale) return;
      if (!entry.known) {
        const base = page.getViewport({ scale: 1 });
        entry.width = base.width;
        entry.height = base.height;
        entry.known = true;
        layout(entry);
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
  };

  /** Zooms to `next` (clamped), or fits the width with null. */
  const setScale = (next: number | null): void => {
    const box = view.scroller();
    const pages = entries;
    if (!box || !pages.length) return;
    fit = next === null;
    const target = next === null ? fitScale() : Math.min(MAX_SCALE, Math.max(MIN_SCALE, next));
    if (Math.abs(target - scale) < 0.001) {
      view.drawChrome();
      return;
    }
    // Keep the page in view where it is.
    const anchor = pages[currentPage - 1]!;
    const within = (box.scrollTop - anchor.el.offsetTop) / Math.max(1, anchor.el.offsetHeight);
    scale = target;
    for (const entry of pages) {
      layout(entry);
      if (entry.renderedScale) entry.renderedScale = -1; // stale
    }
    box.scrollTop = anchor.el.offsetTop + within * anchor.el.offsetHeight;
    for (const number of visible) void render(pages[number - 1]!);
    view.drawChrome();
  };

  const destroy = (): void => {
    cancelAnimationFrame(scrollFrame);
    observer?.disconnect();
    resizeObserver?.disconnect();
    for (const entry of entries) release(entry);
    entries = [];
  };

  const layout = (entry: PageEntry): void => {
    entry.el.style.width = `${Math.floor(entry.width * scale)}px`;
    entry.el.style.height = `${Math.floor(entry.height * scale)}px`;
    entry.el.style.setProperty('--scale-factor', String(scale));
  };

  const fitScale = (): number => {
    const box = view.scroller();
    const first = entries[0];
    if (!box || !first) return 1;
    const width = box.clientWidth - 2 * PAGE_GAP;
    return Math.min(MAX_SCALE, Math.max(MIN_SCALE, width / first.width));
  };

  const release = (entry: PageEntry): void => {
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
  };

  const onScroll = (): void => {
    const box = view.scroller();
    const pages = entries;
    if (!box || !pages.length) return;
    const line = box.scrollTop + box.clientHeight * 0.3;
    let low = 0;
    let high = pages.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (pages[mid]!.el.offsetTop <= line) low = mid;
      else high = mid - 1;
    }
    if (currentPage !== low + 1) {
      currentPage = low + 1;
      view.drawChrome();
    }
  };

  const onScrollFrame = (): void => {
    if (scrollFrame) return;
    scrollFrame = requestAnimationFrame(() => {
      scrollFrame = 0;
      onScroll();
    });
  };
  return {
    get entries() {
      return entries;
    },
    get scale() {
      return scale;
    },
    get fit() {
      return fit;
    },
    get currentPage() {
      return currentPage;
    },
    create,
    watch,
    render,
    setScale,
    destroy,
  };
}
