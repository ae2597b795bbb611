/**
 * Presentations (.pptx/.pptm/.ppsx, .odp/.fodp, and legacy .ppt as text only): the file's
 * bytes are checked (size, then the zip directory for bombs), the presentation is read with
 * our own slide readers (`pptx-deck.ts`, `odp-deck.ts`, `ppt-deck.ts`), and the slides are
 * listed one under another at the dialog's width. A slide's HTML is built only when it comes
 * near the view, sanitized with DOMPurify and shown in its own sandboxed frame (no scripts, a
 * CSP without network); it is released again when it is far away. Speaker notes are shown
 * under each slide on request, as text.
 */
import { html, nothing, render } from 'lit';
import { styleMap } from 'lit/directives/style-map.js';
import { PreviewError } from './preview-error.js';
import { previewBaseStyles } from './preview-base.styles.js';
import { createPreviewRoot } from './preview-root.js';
import { PreviewProgress, readBytes, yieldToBrowser } from './preview-source.js';
import { fillString } from './preview-strings.js';
import { slidesPreviewStyles } from './slides-preview.styles.js';
import { SLIDE_FRAME_SANDBOX, sanitizeSlideHtml, slideFrameDocument } from './slides-sanitize.js';
import { openDeck } from './slides-open.js';
import type { SlideDeck } from './slides-deck.js';
import type { PreviewContext, PreviewHandle } from './preview-types.js';

export const MAX_SLIDES_BYTES = 100 * 1024 * 1024;
/** Slides past this many are not listed (a notice says so). */
export const MAX_SLIDES = 500;
/** The first slide must be on screen within this time, or the preview stops. */
export const SLIDES_TIME_LIMIT_MS = 10_000;

interface SlideState {
  frame: HTMLIFrameElement | null;
  notes: string[] | null;
  failed: boolean;
}

export function mountPreview(context: PreviewContext): PreviewHandle {
  const { strings, lang, signal } = context;
  const root = createPreviewRoot(context.container, [previewBaseStyles, slidesPreviewStyles]);
  let destroyed = false;
  let deck: SlideDeck | null = null;
  let shownCount = 0;
  let showNotes = false;
  let slides: SlideState[] = [];
  const queue = new Set<number>();
  let building = false;
  let near: IntersectionObserver | null = null;
  let far: IntersectionObserver | null = null;
  let firstShown: (() => void) | null = null;

  const canvasOf = (index: number) => root.querySelector<HTMLElement>(`.canvas[data-index="${index}"]`);

  const update = () => {
    if (destroyed) return;
    if (!deck) {
      render(html`<p class="toolbar"><span class="status" role="status">${strings.loading}</span></p>`, root);
      return;
    }
    const count = deck.count;
    const ratio = `${deck.width} / ${deck.height}`;
    render(
      html`<p class="toolbar">
          <span class="status" role="status">${fillString(strings.slideCount, { count }, lang)}</span>
          <button type="button" class="notes-toggle" @click=${toggleNotes}>${showNotes ? strings.hideNotes : strings.showNotes}</button>
        </p>
        ${deck.textOnly ? html`<p class="notice">${strings.slidesTextOnly}</p>` : nothing}
        ${count > shownCount ? html`<p class="notice">${fillString(strings.slidesCapped, { shown: shownCount, count }, lang)}</p>` : nothing}
        <div class="scroller" tabindex="0" role="region" aria-label=${fillString(strings.documentFrame, { name: context.file.name }, lang)}>
          <div class="slides">
            ${slides.map((slide, index) => {
              const label = fillString(strings.slideOf, { page: index + 1, count }, lang);
              return html`<section class="slide" aria-label=${label}>
                <h3 class="label">${label}</h3>
                <div class="canvas" data-index=${index} style=${styleMap({ aspectRatio: ratio })}></div>
                ${showNotes && slide.notes !== null
                  ? html`<div class="notes">
                      <h4>${strings.speakerNotes}</h4>
                      ${slide.notes.length ? slide.notes.map((text) => html`<p>${text}</p>`) : html`<p class="none">${strings.noNotes}</p>`}
                    </div>`
                  : nothing}
              </section>`;
            })}
          </div>
        </div>`,
      root,
    );
  };

  function toggleNotes(): void {
    showNotes = !showNotes;
    update();
  }

  /** Builds the slides waiting in the queue, one per task so the page stays responsive. */
  const buildQueued = async () => {
    if (building) return;
    building = true;
    try {
      while (!destroyed && queue.size > 0) {
        const index = queue.values().next().value as number;
        queue.delete(index);
        buildSlide(index);
        await yieldToBrowser();
      }
    } finally {
      building = false;
    }
  };

  const buildSlide = (index: number) => {
    const slide = slides[index];
    const canvas = canvasOf(index);
    if (!deck || !slide || !canvas || slide.frame || slide.failed) return;
    let body: string;
    try {
      const content = deck.render(index);
      slide.notes = content.notes;
      body = sanitizeSlideHtml(content.html);
    } catch {
      slide.failed = true;
      slide.notes ??= [];
      const failed = canvas.appendChild(document.createElement('p'));
      failed.className = 'failed';
      failed.textContent = strings.slideNotShown;
      firstShown?.();
      update();
      return;
    }
    const frame = document.createElement('iframe');
    frame.title = fillString(strings.slideOf, { page: index + 1, count: deck.count }, lang);
    frame.tabIndex = -1;
    frame.setAttribute('sandbox', SLIDE_FRAME_SANDBOX);
    frame.referrerPolicy = 'no-referrer';
    frame.srcdoc = slideFrameDocument(body, lang);
    if (firstShown) {
      const done = firstShown;
      frame.addEventListener('load', () => done(), { once: true });
      setTimeout(done, 2000);
    }
    canvas.appendChild(frame);
    slide.frame = frame;
    update();
  };

  const releaseSlide = (index: number) => {
    const slide = slides[index];
    queue.delete(index);
    if (!slide?.frame) return;
    slide.frame.remove();
    slide.frame = null;
  };

  const observe = () => {
    const scroller = root.querySelector<HTMLElement>('.scroller');
    if (!scroller) return;
    // Built when within a screen of the view; released when more than four screens away.
    near = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          const index = Number((entry.target as HTMLElement).dataset.index);
          if (entry.isIntersecting) queue.add(index);
          else queue.delete(index);
        }
        void buildQueued();
      },
      { root: scroller, rootMargin: '100% 0px' },
    );
    far = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) if (!entry.isIntersecting) releaseSlide(Number((entry.target as HTMLElement).dataset.index));
      },
      { root: scroller, rootMargin: '400% 0px' },
    );
    for (const canvas of root.querySelectorAll('.canvas')) {
      near.observe(canvas);
      far.observe(canvas);
    }
  };

  update();
  // Chromium starts a process for sandboxed frames (100–300 ms on a busy machine, see the docx
  // previewer): an empty one made now starts it while the file downloads and is read, and the
  // slides' frames join it. It goes once the first slide is shown.
  let warm: HTMLIFrameElement | null = document.createElement('iframe');
  warm.className = 'warm';
  warm.setAttribute('aria-hidden', 'true');
  warm.tabIndex = -1;
  warm.setAttribute('sandbox', SLIDE_FRAME_SANDBOX);
  warm.srcdoc = slideFrameDocument('', lang);
  root.appendChild(warm);
  const progress = new PreviewProgress(signal, context.onError).run(async () => {
    const response = await context.open(signal);
    const bytes = await readBytes(response, MAX_SLIDES_BYTES, signal);
    // The time limit counts from here: a slow download is no slow presentation.
    const started = performance.now();
    const opened = await openDeck(bytes, { pictureNotShown: strings.pictureNotShown, linkedPicture: strings.linkedPicture });
    if (destroyed || signal.aborted) return;
    if (opened.count === 0) throw new PreviewError('corrupt', 'the presentation has no slides');
    deck = opened;
    shownCount = Math.min(opened.count, MAX_SLIDES);
    slides = Array.from({ length: shownCount }, () => ({ frame: null, notes: null, failed: false }));
    const shown = new Promise<void>((resolve) => (firstShown = resolve));
    update();
    observe();
    const limit = Math.max(0, SLIDES_TIME_LIMIT_MS - (performance.now() - started));
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new PreviewError('timeout', `no slide was shown within ${SLIDES_TIME_LIMIT_MS} ms`)), limit);
    });
    try {
      await Promise.race([shown, timeout]);
    } finally {
      clearTimeout(timer);
      firstShown = null;
    }
    warm?.remove();
    warm = null;
    if (destroyed || signal.aborted) return;
    progress.shown();
  });

  return {
    ready: progress.ready,
    destroy() {
      if (destroyed) return;
      destroyed = true;
      near?.disconnect();
      far?.disconnect();
      queue.clear();
      for (const slide of slides) slide.frame?.remove();
      warm?.remove();
      warm = null;
      slides = [];
      deck = null;
      render(nothing, root);
    },
  };
}
