/**
 * PDF with pdf.js: parsing in a real worker, eval off, no scripting (pdf.js runs document
 * JavaScript only through a scripting sandbox this previewer never creates), no XFA, no
 * annotation layer, no fetch of fonts, CMaps or wasm from anywhere. Page 1 renders first;
 * the others are placeholders sized from page 1 and render as they scroll into view, so a
 * 500-page file opens as fast as a 1-page one. Text is selectable (pdf.js `TextLayer`) and
 * searchable; zoom in, out and fit width.
 */
import { css, html, render } from 'lit';
import { AnnotationMode, TextLayer, getDocument } from 'pdfjs-dist';
import type { PDFDocumentLoadingTask, PDFDocumentProxy, PDFPageProxy, RenderTask } from 'pdfjs-dist';
import { PreviewError } from './preview-error.js';
import { acquireWorker, releaseWorker } from './pdf-worker-pool.js';
import { previewBaseStyles } from './preview-base.styles.js';
import { createPreviewRoot } from './preview-root.js';
import { PreviewProgress, readBytes, yieldToBrowser } from './preview-source.js';
import { fillString } from './preview-strings.js';
import type { PreviewContext, PreviewHandle } from './preview-types.js';

export const MAX_PDF_BYTES = 200 * 1024 * 1024;
/** Images with more pixels are not drawn (a 300 dpi A3 scan has about 17 million). */
export const MAX_IMAGE_PIXELS = 25_000_000;
/** A canvas never gets more pixels than this (zoomed in on a huge page). */
const MAX_CANVAS_PIXELS = 16_777_216;
const MIN_SCALE = 0.25;
const MAX_SCALE = 5;
const STEP = 1.25;
/** Gap between pages in px; the styles say 12px too. */
const PAGE_GAP = 12;

const styles = css`
  .scroller {
    background: var(--_message-bg, #eef1f4);
    padding: 12px 0;
  }
  .pages {
    display: flex;
    flex-direction: column;
    align-items: center;
    gap: 12px;
    width: max-content;
    min-width: 100%;
    padding-inline: 12px;
  }
  .page {
    position: relative;
    flex: none;
    background: #fff;
    box-shadow: 0 1px 3px #0003;
    --scale-round-x: 1px;
    --scale-round-y: 1px;
    --user-unit: 1;
    --total-scale-factor: calc(var(--scale-factor) * var(--user-unit));
  }
  .page canvas {
    position: absolute;
    inset: 0;
    width: 100%;
    height: 100%;
  }
  .page .page-error {
    position: absolute;
    inset: 1rem;
    color: #b00;
  }
  .find {
    display: flex;
    align-items: center;
    gap: 0.25rem;
  }
  .find input {
    width: 10rem;
    min-height: 2.25rem;
    padding: 0.25rem 0.5rem;
    border: 1px solid var(--_border, #d1d9e0);
    border-radius: 0.375rem;
    background: var(--_input-bg, #fff);
  }
  .alert {
    margin: 0;
    padding: 0.375rem 0.5rem;
    color: var(--_error, #d1242f);
    font-size: 0.875rem;
  }
  /* pdf.js text layer (from pdf_viewer.css, without nesting) */
  .textLayer {
    position: absolute;
    text-align: initial;
    inset: 0;
    overflow: clip;
    opacity: 1;
    line-height: 1;
    text-size-adjust: none;
    forced-color-adjust: none;
    transform-origin: 0 0;
    caret-color: CanvasText;
    z-index: 0;
    --min-font-size: 1;
    --text-scale-factor: calc(var(--total-scale-factor) * var(--min-font-size));
    --min-font-size-inv: calc(1 / var(--min-font-size));
  }
  .textLayer :is(span, br) {
    color: transparent;
    position: absolute;
    white-space: pre;
    cursor: text;
    transform-origin: 0% 0%;
    user-select: text;
  }
  .textLayer > :not(.markedContent),
  .textLayer .markedContent span:not(.markedContent) {
    z-index: 1;
    --font-height: 0;
    font-size: calc(var(--text-scale-factor) * var(--font-height));
    --scale-x: 1;
    --rotate: 0deg;
    transform: rotate(var(--rotate)) scaleX(var(--scale-x)) scale(var(--min-font-size-inv));
  }
  .textLayer .markedContent {
    display: contents;
  }
  .textLayer ::selection {
    background: color-mix(in srgb, AccentColor, transparent 50%);
    color: transparent;
  }
  .textLayer br::selection {
    background: transparent;
  }
  .textLayer .endOfContent {
    display: block;
    position: absolute;
    inset: 100% 0 0;
    z-index: 0;
    cursor: default;
    user-select: none;
  }
  .textLayer .highlight {
    position: static;
    margin: -1px;
    padding: 1px;
    border-radius: 4px;
    background-color: rgb(255 200 0 / 0.45);
  }
  .textLayer .highlight.selected {
    background-color: rgb(0 120 255 / 0.45);
  }
`;

interface PageEntry {
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

interface PageText {
  /** Lower-cased text of the page: the items' strings joined. */
  text: string;
  /** Where each item starts in `text`. */
  starts: number[];
}

interface Match {
  page: number;
  start: number;
  end: number;
}

function mapLoadError(error: unknown, truncated: boolean): unknown {
  const name = (error as { name?: string } | null)?.name;
  if (name === 'PasswordException') return new PreviewError('password', 'the PDF is protected by a password', { cause: error });
  if (name === 'InvalidPDFException' || name === 'FormatError' || name === 'UnknownErrorException') {
    return new PreviewError(truncated ? 'truncated' : 'corrupt', `the PDF cannot be read: ${(error as Error).message}`, { cause: error });
  }
  if (name === 'ResponseException') return new PreviewError('network', 'the PDF could not be downloaded', { cause: error });
  return error;
}

/** A PDF is truncated when it starts like one but its last kilobyte lacks `%%EOF`. */
function looksTruncated(bytes: Uint8Array): boolean {
  const latin1 = new TextDecoder('latin1');
  if (!latin1.decode(bytes.subarray(0, 1024)).includes('%PDF-')) return false;
  return !latin1.decode(bytes.subarray(Math.max(0, bytes.length - 1024))).includes('%%EOF');
}

export function mountPreview(context: PreviewContext): PreviewHandle {
  const { strings, lang, signal } = context;
  const root = createPreviewRoot(context.container, [previewBaseStyles, styles]);
  let destroyed = false;
  let loadingTask: PDFDocumentLoadingTask | null = null;
  let doc: PDFDocumentProxy | null = null;
  let workerHeld = false;
  let pages: PageEntry[] = [];
  let scale = 1;
  let fit = true;
  let currentPage = 1;
  let truncated = false;
  let observer: IntersectionObserver | null = null;
  let resizeObserver: ResizeObserver | null = null;
  const visible = new Set<number>();
  // find
  let query = '';
  let matches: Match[] = [];
  let matchIndex = -1;
  let searching = false;
  let searchRun = 0;
  const pageTexts = new Map<number, Promise<PageText>>();

  const scroller = () => root.querySelector<HTMLDivElement>('.scroller');

  const drawChrome = () => {
    if (destroyed) return;
    const count = doc?.numPages ?? 0;
    const findStatus = !query ? '' : searching && matches.length === 0 ? strings.searching : matches.length === 0 ? strings.noMatches : fillString(strings.matchOf, { current: matchIndex + 1, count: matches.length }, lang);
    render(
      html`
        <div class="toolbar">
          <span class="status" data-page=${currentPage} data-pages=${count}>${count ? fillString(strings.pageOf, { page: currentPage, count }, lang) : strings.loading}</span>
          <button type="button" aria-label=${strings.zoomOut} title=${strings.zoomOut} ?disabled=${!count || scale <= MIN_SCALE} @click=${() => setScale(scale / STEP)}>−</button>
          <button type="button" aria-label=${strings.zoomIn} title=${strings.zoomIn} ?disabled=${!count || scale >= MAX_SCALE} @click=${() => setScale(scale * STEP)}>+</button>
          <button type="button" aria-pressed=${fit ? 'true' : 'false'} ?disabled=${!count} @click=${() => setScale(null)}>${strings.fitWidth}</button>
          <span class="find" role="search">
            <input type="search" aria-label=${strings.find} placeholder=${strings.find} .value=${query} ?disabled=${!count} @keydown=${onFindKey} @input=${onFindInput} />
            <button type="button" aria-label=${strings.previousMatch} title=${strings.previousMatch} ?disabled=${matches.length === 0} @click=${() => stepMatch(-1)}>↑</button>
            <button type="button" aria-label=${strings.nextMatch} title=${strings.nextMatch} ?disabled=${matches.length === 0} @click=${() => stepMatch(1)}>↓</button>
            <span class="find-status" role="status" data-matches=${matches.length} data-searching=${searching ? 'true' : 'false'}>${findStatus}</span>
          </span>
        </div>
        ${truncated ? html`<p class="alert" role="alert">${strings.truncatedNotice}</p>` : null}
      `,
      root.querySelector('.chrome')!,
    );
  };

  // ---- layout and rendering

  const layoutPage = (entry: PageEntry) => {
    entry.el.style.width = `${Math.floor(entry.width * scale)}px`;
    entry.el.style.height = `${Math.floor(entry.height * scale)}px`;
    entry.el.style.setProperty('--scale-factor', String(scale));
  };

  const fitScale = (): number => {
    const box = scroller();
    const first = pages[0];
    if (!box || !first) return 1;
    const width = box.clientWidth - 2 * PAGE_GAP;
    return Math.min(MAX_SCALE, Math.max(MIN_SCALE, width / first.width));
  };

  const releasePage = (entry: PageEntry) => {
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

  const renderPage = (entry: PageEntry): Promise<void> => {
    if (entry.renderedScale === scale && entry.rendering) return entry.rendering;
    const target = scale;
    const run = (async () => {
      if (!doc) return;
      const page: PDFPageProxy = await doc.getPage(entry.number);
      if (destroyed || target !== scale) return;
      if (!entry.known) {
        const base = page.getViewport({ scale: 1 });
        entry.width = base.width;
        entry.height = base.height;
        entry.known = true;
        layoutPage(entry);
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
        if ((error as { name?: string })?.name === 'RenderingCancelledException' || destroyed) return;
        throw error;
      }
      if (destroyed || entry.task !== task) return;
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
        if ((error as { name?: string })?.name === 'AbortException' || destroyed) return;
        throw error;
      }
      if (entry.textLayer !== textLayer) return;
      entry.itemStrs = textLayer.textContentItemsStr;
      highlightPage(entry);
    })();
    entry.rendering = run;
    run.catch((error: unknown) => {
      if (destroyed || signal.aborted) return;
      entry.rendering = null;
      const message = document.createElement('p');
      message.className = 'page-error';
      message.setAttribute('role', 'alert');
      message.textContent = `${fillString(strings.page, { page: entry.number }, lang)}: ${String((error as Error)?.message ?? error)}`;
      entry.el.append(message);
    });
    return run;
  };

  const setScale = (next: number | null) => {
    const box = scroller();
    if (!box || !pages.length) return;
    fit = next === null;
    const target = next === null ? fitScale() : Math.min(MAX_SCALE, Math.max(MIN_SCALE, next));
    if (Math.abs(target - scale) < 0.001) {
      drawChrome();
      return;
    }
    // Keep the page in view where it is.
    const anchor = pages[currentPage - 1]!;
    const within = (box.scrollTop - anchor.el.offsetTop) / Math.max(1, anchor.el.offsetHeight);
    scale = target;
    for (const entry of pages) {
      layoutPage(entry);
      if (entry.renderedScale) entry.renderedScale = -1; // stale
    }
    box.scrollTop = anchor.el.offsetTop + within * anchor.el.offsetHeight;
    for (const number of visible) void renderPage(pages[number - 1]!);
    drawChrome();
  };

  const onScroll = () => {
    const box = scroller();
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
      drawChrome();
    }
  };
  let scrollFrame = 0;
  const onScrollFrame = () => {
    if (scrollFrame) return;
    scrollFrame = requestAnimationFrame(() => {
      scrollFrame = 0;
      onScroll();
    });
  };

  // ---- find

  const pageText = (number: number): Promise<PageText> => {
    let text = pageTexts.get(number);
    if (!text) {
      text = (async () => {
        const page = await doc!.getPage(number);
        const content = await page.getTextContent({ disableNormalization: true });
        let joined = '';
        const starts: number[] = [];
        for (const item of content.items) {
          if (!('str' in item)) continue;
          starts.push(joined.length);
          joined += item.str;
        }
        return { text: joined.toLowerCase(), starts };
      })();
      pageTexts.set(number, text);
    }
    return text;
  };

  const search = async (text: string) => {
    const run = ++searchRun;
    query = text;
    matches = [];
    matchIndex = -1;
    for (const entry of pages) highlightPage(entry);
    if (!text.trim() || !doc) {
      searching = false;
      drawChrome();
      return;
    }
    searching = true;
    drawChrome();
    const needle = text.toLowerCase();
    let slice = performance.now();
    for (let number = 1; number <= doc.numPages; number++) {
      let haystack: string;
      try {
        haystack = (await pageText(number)).text;
      } catch (error) {
        if (run !== searchRun || destroyed) return;
        pageTexts.delete(number);
        continue; // a page whose text cannot be read has no matches
      }
      if (run !== searchRun || destroyed) return;
      for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + needle.length)) {
        matches.push({ page: number, start: at, end: at + needle.length });
      }
      if (matchIndex < 0 && matches.length) {
        selectMatch(0);
      }
      if (performance.now() - slice > 50) {
        drawChrome();
        await yieldToBrowser();
        slice = performance.now();
      }
    }
    searching = false;
    drawChrome();
  };

  const selectMatch = (index: number) => {
    if (!matches.length) return;
    const previousPage = matches[matchIndex]?.page;
    matchIndex = (index + matches.length) % matches.length;
    const match = matches[matchIndex]!;
    const entry = pages[match.page - 1]!;
    if (previousPage && previousPage !== match.page) highlightPage(pages[previousPage - 1]!);
    const box = scroller();
    if (box && (entry.el.offsetTop > box.scrollTop + box.clientHeight || entry.el.offsetTop + entry.el.offsetHeight < box.scrollTop)) {
      box.scrollTop = entry.el.offsetTop - PAGE_GAP;
    }
    void renderPage(entry).then(() => {
      highlightPage(entry);
      entry.el.querySelector('.highlight.selected')?.scrollIntoView({ block: 'center', inline: 'nearest' });
    });
    drawChrome();
  };

  const stepMatch = (direction: 1 | -1) => selectMatch(matchIndex + direction);

  /** Wraps this page's matches in the text layer in `.highlight` spans (the current one `.selected`). */
  const highlightPage = (entry: PageEntry) => {
    const layer = entry.textLayer;
    if (!layer || !entry.textDiv) return;
    const divs = layer.textDivs;
    const strs = entry.itemStrs;
    // Undo earlier highlights.
    for (const div of entry.textDiv.querySelectorAll<HTMLElement>('[data-highlighted]')) {
      const index = Number(div.dataset['highlighted']);
      div.textContent = strs[index] ?? div.textContent;
      delete div.dataset['highlighted'];
    }
    const pageMatches = matches.filter((match) => match.page === entry.number);
    if (!pageMatches.length) return;
    let offset = 0;
    const starts = strs.map((str) => {
      const start = offset;
      offset += str.length;
      return start;
    });
    const ranges = new Map<number, { from: number; to: number; selected: boolean }[]>();
    for (const match of pageMatches) {
      const selected = matches[matchIndex] === match;
      for (let i = 0; i < strs.length; i++) {
        const from = Math.max(match.start, starts[i]!);
        const to = Math.min(match.end, starts[i]! + strs[i]!.length);
        if (from >= to) continue;
        let list = ranges.get(i);
        if (!list) ranges.set(i, (list = []));
        list.push({ from: from - starts[i]!, to: to - starts[i]!, selected });
      }
    }
    for (const [i, list] of ranges) {
      const div = divs[i];
      const str = strs[i];
      if (!div || str === undefined) continue;
      list.sort((a, b) => a.from - b.from);
      const parts: Node[] = [];
      let at = 0;
      for (const range of list) {
        if (range.from > at) parts.push(document.createTextNode(str.slice(at, range.from)));
        const mark = document.createElement('span');
        mark.className = range.selected ? 'highlight selected' : 'highlight';
        mark.textContent = str.slice(range.from, range.to);
        parts.push(mark);
        at = range.to;
      }
      if (at < str.length) parts.push(document.createTextNode(str.slice(at)));
      div.replaceChildren(...parts);
      div.dataset['highlighted'] = String(i);
    }
  };

  let findTimer: ReturnType<typeof setTimeout> | undefined;
  const onFindInput = (event: Event) => {
    const text = (event.target as HTMLInputElement).value;
    clearTimeout(findTimer);
    findTimer = setTimeout(() => void search(text), 250);
  };
  const onFindKey = (event: KeyboardEvent) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    const text = (event.target as HTMLInputElement).value;
    if (text !== query) {
      clearTimeout(findTimer);
      void search(text);
    } else stepMatch(event.shiftKey ? -1 : 1);
  };

  // ---- load

  render(html`<div class="chrome"></div><div class="scroller" tabindex="0" role="region" aria-label=${context.file.name}><div class="pages"></div></div>`, root);
  drawChrome();

  const progress = new PreviewProgress(signal, context.onError).run(async () => {
    const response = await context.open(signal);
    const bytes = new Uint8Array(await readBytes(response, MAX_PDF_BYTES, signal));
    if (destroyed) return;
    truncated = looksTruncated(bytes);
    workerHeld = true;
    const worker = await acquireWorker(context.relay);
    // Closed while the worker's script was looked for: destroy() has given the worker back.
    if (destroyed) return;
    loadingTask = getDocument({
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
    loadingTask.onPassword = () => {
      loadingTask?.destroy().catch(() => {});
      passwordRejected?.(new PreviewError('password', 'the PDF is protected by a password'));
    };
    let passwordRejected: ((error: PreviewError) => void) | undefined;
    const passwordGate = new Promise<never>((_, reject) => (passwordRejected = reject));
    try {
      doc = await Promise.race([loadingTask.promise, passwordGate]);
    } catch (error) {
      throw mapLoadError(error, truncated);
    }
    if (destroyed) return;
    const first = await doc.getPage(1).catch((error: unknown) => {
      throw mapLoadError(error, truncated);
    });
    const base = first.getViewport({ scale: 1 });
    pages = Array.from({ length: doc.numPages }, (_, i) => {
      const el = document.createElement('div');
      el.className = 'page';
      el.dataset['page'] = String(i + 1);
      el.setAttribute('role', 'group');
      el.setAttribute('aria-label', fillString(strings.page, { page: i + 1 }, lang));
      return { number: i + 1, el, width: base.width, height: base.height, known: i === 0, renderedScale: 0, rendering: null, task: null, textLayer: null, textDiv: null, itemStrs: [] };
    });
    scale = fitScale();
    for (const entry of pages) layoutPage(entry);
    root.querySelector('.pages')!.append(...pages.map((entry) => entry.el));
    drawChrome();
    // Page 1 first, alone: the others wait for the observer.
    const firstEntry = pages[0]!;
    const firstRender = renderPage(firstEntry);
    await Promise.race([
      firstRender,
      new Promise<void>((resolve) => {
        const wait = () => (firstEntry.el.querySelector('canvas') || destroyed ? resolve() : requestAnimationFrame(wait));
        wait();
      }),
    ]);
    if (destroyed) return;
    progress.shown();
    const box = scroller()!;
    observer = new IntersectionObserver(
      (entries) => {
        for (const item of entries) {
          const entry = pages[Number((item.target as HTMLElement).dataset['page']) - 1]!;
          if (item.isIntersecting) {
            visible.add(entry.number);
            void renderPage(entry);
          } else {
            visible.delete(entry.number);
            if (entry.number !== 1 || pages.length > 1) releasePage(entry);
          }
        }
      },
      { root: box, rootMargin: '100% 0px' },
    );
    for (const entry of pages) observer.observe(entry.el);
    box.addEventListener('scroll', onScrollFrame, { passive: true });
    let lastWidth = box.clientWidth;
    resizeObserver = new ResizeObserver(() => {
      if (box.clientWidth === lastWidth) return;
      lastWidth = box.clientWidth;
      if (fit) setScale(null);
    });
    resizeObserver.observe(box);
  });

  return {
    ready: progress.ready,
    destroy() {
      if (destroyed) return;
      destroyed = true;
      searchRun += 1;
      clearTimeout(findTimer);
      cancelAnimationFrame(scrollFrame);
      observer?.disconnect();
      resizeObserver?.disconnect();
      for (const entry of pages) releasePage(entry);
      pages = [];
      pageTexts.clear();
      // pdf.js 6: the loading task owns the document (PDFDocumentProxy.destroy is gone).
      const task = loadingTask;
      loadingTask = null;
      doc = null;
      const done = task ? task.destroy().catch(() => {}) : Promise.resolve();
      if (workerHeld) void done.then(releaseWorker);
      render(null, root);
    },
  };
}
