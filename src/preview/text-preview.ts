/**
 * Plain text (txt, log, md, json, xml, yaml, ini, source code, any text/*): streamed from the
 * response body, decoded with detection (BOM, UTF-8, else windows-1252), split into lines as
 * they arrive and shown in a virtualized list with line numbers. Never parsed as HTML: every
 * line is a Lit text binding.
 */
import { css, html, render } from 'lit';
import { previewBaseStyles } from './preview-base.styles.js';
import { createPreviewRoot } from './preview-root.js';
import { fillString } from './preview-strings.js';
import { PreviewProgress, yieldToBrowser } from './preview-source.js';
import { RowWindow } from './row-window.js';
import { TextStreamDecoder } from './text-decoding.js';
import type { PreviewContext, PreviewHandle } from './preview-types.js';

/** Lines kept for display; the count goes on past it. 500,000 lines of 20 px stay well within the tallest box Chromium lays out. */
export const MAX_STORED_LINES = 500_000;
/** Characters kept for display in all (about 128 MB of UTF-16 at most). */
export const MAX_STORED_CHARS = 64 * 1024 * 1024;
/** One line is cut for display after this many characters (a minified file is one huge line). */
export const MAX_LINE_CHARS = 10_000;

/** Line height in px and tab size; the styles say 20px and 4 too. */
const LINE_HEIGHT = 20;
const TAB_SIZE = 4;

const styles = css`
  .lines {
    font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
    font-size: 0.8125rem;
    line-height: 20px;
    tab-size: 4;
    position: relative;
  }
  .nowrap {
    width: max-content;
    min-width: 100%;
  }
  .window {
    position: absolute;
    inset-inline: 0;
    top: 0;
  }
  .line {
    display: flex;
    min-height: 20px;
  }
  .no {
    flex: none;
    width: var(--gutter, 5ch);
    padding-inline: 0.5rem;
    text-align: end;
    color: var(--_muted, #59636e);
    user-select: none;
    border-inline-end: 1px solid var(--_border, #d1d9e0);
    box-sizing: content-box;
  }
  .text {
    padding-inline: 0.5rem;
    white-space: pre;
  }
  .wrap .text {
    flex: 1;
    min-width: 0;
    white-space: pre-wrap;
    word-break: break-all;
  }
  .cut {
    color: var(--_muted, #59636e);
    font-style: italic;
  }
  .probe {
    position: absolute;
    visibility: hidden;
    white-space: pre;
  }
  label {
    display: inline-flex;
    align-items: center;
    gap: 0.25rem;
  }
`;

interface Line {
  text: string;
  cut: boolean;
}

export function mountPreview(context: PreviewContext): PreviewHandle {
  const { strings, lang, signal } = context;
  const root = createPreviewRoot(context.container, [previewBaseStyles, styles]);
  const lines: Line[] = [];
  let count = 0;
  let storedChars = 0;
  let done = false;
  let wrap = true;
  let destroyed = false;
  let updateTimer: ReturnType<typeof setTimeout> | undefined;
  let charWidth = 0;
  let columns = 0;
  let offsetsFor = '';
  const scroller = () => root.querySelector<HTMLElement>('.scroller');
  const rowWindow = new RowWindow(scroller, () => 0, () => draw());
  rowWindow.rowHeight = LINE_HEIGHT;

  /** Wrapped lines: each line's height from its length in columns (monospace, breaking anywhere). */
  const layoutWrapped = () => {
    const box = scroller();
    const probe = root.querySelector<HTMLElement>('.probe');
    const gutter = root.querySelector<HTMLElement>('.no');
    if (!box || !probe) return;
    charWidth ||= probe.getBoundingClientRect().width / 100;
    const textWidth = box.clientWidth - (gutter ? gutter.getBoundingClientRect().width : 0) - 16;
    columns = Math.max(1, Math.floor(textWidth / Math.max(1, charWidth)));
    const key = `${columns}:${lines.length}`;
    if (key === offsetsFor) return;
    offsetsFor = key;
    const offsets = new Float64Array(lines.length + 1);
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      let width = line.text.length + (line.cut ? 40 : 0);
      if (line.text.includes('\t')) width += (line.text.split('\t').length - 1) * (TAB_SIZE - 1);
      offsets[i + 1] = offsets[i]! + Math.max(1, Math.ceil(width / columns)) * LINE_HEIGHT;
    }
    rowWindow.offsets = offsets;
  };

  const draw = () => {
    if (destroyed) return;
    const status = fillString(done ? strings.lines : strings.linesSoFar, { count }, lang);
    const gutter = `${String(Math.max(lines.length, 1)).length}ch`;
    rowWindow.count = lines.length;
    if (wrap) layoutWrapped();
    else rowWindow.offsets = null;
    const { first, end, top, total } = rowWindow.range();
    render(
      html`
        <div class="toolbar">
          <span class="status" role="status" data-line-count=${count} data-done=${done}>${status}</span>
          <label><input type="checkbox" .checked=${wrap} @change=${onWrap} />${strings.wrapLines}</label>
        </div>
        ${count > lines.length ? html`<p class="notice">${fillString(strings.linesCapped, { shown: lines.length, count }, lang)}</p>` : null}
        <div class="scroller" tabindex="0" role="region" aria-label=${context.file.name} @scroll=${rowWindow.onScroll}>
          <div class="lines ${wrap ? 'wrap' : 'nowrap'}" style="--gutter: ${gutter}; height: ${total}px">
            <span class="probe" aria-hidden="true">${'0'.repeat(100)}</span>
            <div class="window" style="transform: translateY(${top}px)">
              ${lines.slice(first, end).map(
                (line, i) =>
                  html`<div class="line"><span class="no" aria-hidden="true">${first + i + 1}</span><span class="text">${line.text}${line.cut ? html`<span class="cut"> ${fillString(strings.lineCut, { count: MAX_LINE_CHARS }, lang)}</span>` : null}</span></div>`,
              )}
            </div>
          </div>
        </div>
      `,
      root,
    );
    // The first draw had no probe to measure with.
    if (wrap && !charWidth && lines.length) requestAnimationFrame(() => draw());
  };

  const onWrap = (event: Event) => {
    wrap = (event.target as HTMLInputElement).checked;
    offsetsFor = '';
    draw();
  };

  /** Redraws at most every 200 ms while lines arrive. */
  const scheduleDraw = (now = false) => {
    if (now) {
      clearTimeout(updateTimer);
      updateTimer = undefined;
      draw();
      return;
    }
    updateTimer ??= setTimeout(() => {
      updateTimer = undefined;
      draw();
    }, 200);
  };

  const store = (text: string) => {
    count += 1;
    if (lines.length >= MAX_STORED_LINES || storedChars >= MAX_STORED_CHARS) return;
    const cut = text.length > MAX_LINE_CHARS;
    const shown = cut ? text.slice(0, MAX_LINE_CHARS) : text;
    storedChars += shown.length;
    lines.push({ text: shown, cut });
  };

  draw();
  // Wrapped heights follow the width: lay out again (next frame) when it changes.
  let lastWidth = 0;
  let resizeFrame = 0;
  const resizeObserver = new ResizeObserver(() => {
    const width = scroller()?.clientWidth ?? 0;
    if (width === lastWidth) return;
    lastWidth = width;
    cancelAnimationFrame(resizeFrame);
    resizeFrame = requestAnimationFrame(() => draw());
  });
  resizeObserver.observe(scroller()!);

  const progress = new PreviewProgress(signal, context.onError).run(async () => {
    const response = await context.open(signal);
    const decoder = new TextStreamDecoder();
    let rest = '';
    let first = true;
    const take = (text: string, final: boolean) => {
      let data = rest + text;
      // A CR at the end may be the first half of a CRLF: keep it for the next chunk.
      if (!final && data.endsWith('\r')) {
        rest = '\r';
        data = data.slice(0, -1);
      } else rest = '';
      const parts = data.split(/\r\n|\n|\r/);
      const last = parts.pop()!;
      for (const part of parts) store(part);
      if (final) {
        if (last !== '' || count === 0) store(last);
      } else rest = last + rest;
    };
    const reader = response.body?.getReader();
    signal.addEventListener('abort', () => void reader?.cancel().catch(() => {}), { once: true });
    let slice = performance.now();
    while (reader) {
      const { done: finished, value } = await reader.read();
      if (signal.aborted) return;
      if (finished) break;
      take(decoder.decode(value), false);
      if (first && count > 0) {
        first = false;
        scheduleDraw(true);
        progress.shown();
      } else scheduleDraw();
      if (performance.now() - slice > 30) {
        await yieldToBrowser();
        slice = performance.now();
      }
    }
    take(decoder.flush(), true);
    done = true;
    scheduleDraw(true);
    progress.shown();
  });

  return {
    ready: progress.ready,
    destroy() {
      if (destroyed) return;
      destroyed = true;
      clearTimeout(updateTimer);
      rowWindow.dispose();
      resizeObserver.disconnect();
      cancelAnimationFrame(resizeFrame);
      render(null, root);
      lines.length = 0;
    },
  };
}
