/**
 * Plain text (txt, log, md, json, xml, yaml, ini, source code, any text/*): streamed from the
 * response body, decoded with detection (BOM, UTF-8, else windows-1252), split into lines as
 * they arrive and shown in a virtualized list with line numbers. Never parsed as HTML: every
 * line is a Lit text binding.
 */
import { css, html, render } from 'lit';
import { virtualize } from '@lit-labs/virtualizer/virtualize.js';
import { previewBaseStyles } from './preview-base.styles.js';
import { createPreviewRoot } from './preview-root.js';
import { fillString } from './preview-strings.js';
import { PreviewProgress, yieldToBrowser } from './preview-source.js';
import { TextStreamDecoder } from './text-decoding.js';
import type { PreviewContext, PreviewHandle } from './preview-types.js';

/** Lines kept for display; the count goes on past it. 500,000 lines of 20 px stay within the tallest box Chromium lays out. */
export const MAX_STORED_LINES = 500_000;
/** Characters kept for display in all (about 128 MB of UTF-16 at most). */
export const MAX_STORED_CHARS = 64 * 1024 * 1024;
/** One line is cut for display after this many characters (a minified file is one huge line). */
export const MAX_LINE_CHARS = 10_000;

const styles = css`
  .lines {
    font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
    font-size: 0.8125rem;
    line-height: 1.25rem;
  }
  .line {
    display: flex;
    width: 100%;
  }
  .no {
    flex: none;
    min-width: var(--gutter, 4ch);
    padding-inline: 0.5rem;
    text-align: end;
    color: var(--_muted, #59636e);
    user-select: none;
    border-inline-end: 1px solid var(--_border, #d1d9e0);
  }
  .text {
    padding-inline: 0.5rem;
    white-space: pre;
  }
  .wrap .line .text {
    flex: 1;
    min-width: 0;
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  .nowrap .line {
    width: max-content;
    min-width: 100%;
  }
  .cut {
    color: var(--_muted, #59636e);
    font-style: italic;
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
  let items: Line[] = [];
  let count = 0;
  let storedChars = 0;
  let done = false;
  let wrap = true;
  let destroyed = false;
  let updateTimer: ReturnType<typeof setTimeout> | undefined;

  const draw = () => {
    if (destroyed) return;
    const status = fillString(done ? strings.lines : strings.linesSoFar, { count }, lang);
    const gutter = `${String(Math.max(count, 1)).length + 1}ch`;
    render(
      html`
        <div class="toolbar">
          <span class="status" role="status" data-line-count=${count} data-done=${done}>${status}</span>
          <label><input type="checkbox" .checked=${wrap} @change=${onWrap} />${strings.wrapLines}</label>
        </div>
        ${count > lines.length ? html`<p class="notice">${fillString(strings.linesCapped, { shown: lines.length, count }, lang)}</p>` : null}
        <div class="scroller" tabindex="0" role="region" aria-label=${context.file.name}>
          <div class="lines ${wrap ? 'wrap' : 'nowrap'}" style="--gutter: ${gutter}">
            ${virtualize({
              items,
              keyFunction: (_line: Line, index: number) => index,
              renderItem: (line: Line, index: number) =>
                html`<div class="line"><span class="no" aria-hidden="true">${index + 1}</span><span class="text">${line.text}${line.cut ? html`<span class="cut"> ${fillString(strings.lineCut, { count: MAX_LINE_CHARS }, lang)}</span>` : null}</span></div>`,
            })}
          </div>
        </div>
      `,
      root,
    );
  };

  const onWrap = (event: Event) => {
    wrap = (event.target as HTMLInputElement).checked;
    draw();
  };

  /** Redraws at most every 200 ms while lines arrive (the virtualizer needs a new array to see them). */
  const scheduleDraw = (now = false) => {
    if (now) {
      clearTimeout(updateTimer);
      updateTimer = undefined;
      items = lines.slice();
      draw();
      return;
    }
    updateTimer ??= setTimeout(() => {
      updateTimer = undefined;
      items = lines.slice();
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
      render(null, root);
      lines.length = 0;
      items = [];
    },
  };
}
