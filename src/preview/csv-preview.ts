/**
 * CSV and TSV: the response body is decoded and fed to papaparse as a stream (never the whole
 * file as one string, no `worker: true`, which hangs under a CSP without `blob:` workers), so the
 * first rows show at once while the count keeps growing. Rows are kept as arrays of strings in a
 * windowed grid (only the rows in view are in the DOM) with a sticky header and row numbers; malformed rows are shown and marked.
 * Cells are Lit text bindings: a cell holding markup shows the markup as text.
 *
 * Memory: up to MAX_STORED_ROWS rows (or MAX_STORED_CHARS characters of cells) are kept for
 * display; past that parsing goes on only to count, and a notice says so.
 */
import { css, html, render } from 'lit';
import Papa from 'papaparse';
import { previewBaseStyles } from './preview-base.styles.js';
import { extensionOf } from './preview-kind.js';
import { createPreviewRoot } from './preview-root.js';
import { PreviewProgress, yieldToBrowser } from './preview-source.js';
import { RowWindow } from './row-window.js';
import { fillString } from './preview-strings.js';
import { TextStreamDecoder } from './text-decoding.js';
import type { PreviewContext, PreviewHandle } from './preview-types.js';

export const MAX_STORED_ROWS = 200_000;
export const MAX_STORED_CHARS = 48 * 1024 * 1024;
const WIDTH_SAMPLE_ROWS = 200;
/** Row height in px; the styles below say 28px (no interpolation in css: the build minifies it as text). */
const ROW_HEIGHT = 28;

const styles = css`
  .table {
    font-size: 0.8125rem;
    width: max-content;
    min-width: 100%;
  }
  .row {
    display: grid;
    grid-template-columns: var(--columns);
    grid-auto-columns: 12ch;
    grid-auto-flow: column;
    width: max-content;
    min-width: 100%;
    height: 28px;
    line-height: 27px;
    border-bottom: 1px solid var(--_border, #d1d9e0);
  }
  .body {
    position: relative;
  }
  .window {
    position: absolute;
    inset-inline: 0;
    top: 0;
  }
  /* Bold on the cells, never on the row: the columns are sized in ch, and a bold row's ch is
     wider, which set every header cell off its column (by 38 px at the third one). */
  .head {
    position: sticky;
    top: 0;
    z-index: 2;
    background: var(--_message-bg, #f6f8fa);
  }
  .head .cell {
    font-weight: 600;
  }
  .cell {
    padding-inline: 0.5rem;
    overflow: hidden;
    white-space: pre;
    text-overflow: ellipsis;
    border-inline-end: 1px solid var(--_border, #d1d9e0);
  }
  .no {
    position: sticky;
    left: 0;
    z-index: 1;
    text-align: end;
    color: var(--_muted, #59636e);
    background: var(--_message-bg, #f6f8fa);
    font-variant-numeric: tabular-nums;
  }
  .malformed {
    background: color-mix(in srgb, var(--_error, #d1242f) 12%, transparent);
  }
  .malformed .no {
    color: var(--_error, #d1242f);
    font-weight: 600;
  }
  .malformed .no::before {
    content: '⚠ ';
  }
`;

/**
 * Feeds a web `ReadableStream` to papaparse through the small Node-stream shape its
 * `ReadableStreamStreamer` reads (`readable`, `read`, `on`, `removeListener`, `pause`, `resume`).
 */
class PapaStreamInput {
  readonly readable = true;
  private readonly listeners = new Map<string, Set<(value?: unknown) => void>>();
  private paused = false;
  private wake: (() => void) | null = null;

  read(): void {}

  on(event: string, listener: (value?: unknown) => void): void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener);
  }

  removeListener(event: string, listener: (value?: unknown) => void): void {
    this.listeners.get(event)?.delete(listener);
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.wake?.();
  }

  emit(event: 'data' | 'end' | 'error', value?: unknown): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) listener(value);
  }

  /** Resolves once the parser is not paused. */
  async whenFlowing(): Promise<void> {
    while (this.paused) await new Promise<void>((resolve) => (this.wake = resolve));
    this.wake = null;
  }
}

/** A first row is a header when its cells are all filled, unique and not numbers. */
export function looksLikeHeader(first: string[] | undefined, rest: string[][]): boolean {
  if (!first || first.length === 0) return false;
  const numeric = /^\s*[-+]?(\d+([.,]\d+)*|\.\d+)([eE][-+]?\d+)?\s*$/;
  const cells = first.map((cell) => cell.trim());
  if (cells.some((cell) => cell === '' || numeric.test(cell))) return false;
  if (new Set(cells).size !== cells.length) return false;
  if (rest.length === 0) return true;
  // Numbers below a text cell, or a header cell that repeats nowhere below, mark a header.
  return cells.some((cell, column) => rest.some((row) => numeric.test(row[column] ?? '') || row[column] !== cell));
}

export function mountPreview(context: PreviewContext): PreviewHandle {
  const { strings, lang, signal } = context;
  const root = createPreviewRoot(context.container, [previewBaseStyles, styles]);
  const rows: string[][] = [];
  const malformed = new Set<number>();
  let header: string[] | null = null;
  let decided = false;
  let columns = 0;
  let columnTemplate = '';
  let count = 0;
  let storedChars = 0;
  let done = false;
  let destroyed = false;
  /** Rows drawn so far (rows arriving between two draws wait for the next). */
  let shownRows = 0;
  let updateTimer: ReturnType<typeof setTimeout> | undefined;
  let parser: Papa.Parser | null = null;
  const scroller = () => root.querySelector<HTMLElement>('.scroller');
  const rowWindow = new RowWindow(scroller, () => root.querySelector<HTMLElement>('.body')?.offsetTop ?? 0, () => draw());
  rowWindow.rowHeight = ROW_HEIGHT;

  const draw = () => {
    if (destroyed) return;
    rowWindow.count = shownRows;
    const range = rowWindow.range();
    const status = decided || done ? fillString(done ? strings.rows : strings.rowsSoFar, { count }, lang) : strings.loading;
    render(
      html`
        <div class="toolbar">
          <span class="status" role="status" data-row-count=${count} data-done=${done}>${status}</span>
        </div>
        ${count > rows.length ? html`<p class="notice">${fillString(strings.rowsCapped, { shown: rows.length, count }, lang)}</p>` : null}
        <div class="scroller" tabindex="0" role="region" aria-label=${context.file.name} @scroll=${rowWindow.onScroll}>
          <div class="table" role="table" aria-label=${context.file.name} aria-rowcount=${count + (header ? 1 : 0)} style="--columns: ${columnTemplate}">
            ${header
              ? html`<div role="rowgroup" class="head">
                  <div class="row" role="row" aria-rowindex="1">
                    <span class="cell no" role="columnheader">${strings.row}</span>
                    ${header.map((cell) => html`<span class="cell" role="columnheader">${cell}</span>`)}
                  </div>
                </div>`
              : null}
            <div role="rowgroup" class="body" style="height: ${range.total}px">
              <div class="window" style="transform: translateY(${range.top}px)">
                ${rows.slice(range.first, range.end).map((row, i) => {
                  const index = range.first + i;
                  const bad = malformed.has(index);
                  return html`<div class="row ${bad ? 'malformed' : ''}" role="row" aria-rowindex=${index + (header ? 2 : 1)} data-malformed=${bad ? 'true' : 'false'}>
                    <span class="cell no" role="rowheader" title=${bad ? strings.malformedRow : ''}>${index + 1}${bad ? html`<span class="visually-hidden"> ${strings.malformedRow}</span>` : null}</span>
                    ${row.map((cell) => html`<span class="cell" role="cell">${cell}</span>`)}
                  </div>`;
                })}
              </div>
            </div>
          </div>
        </div>
      `,
      root,
    );
  };

  const flush = () => {
    clearTimeout(updateTimer);
    updateTimer = undefined;
    shownRows = rows.length;
    draw();
  };
  const scheduleDraw = () => {
    updateTimer ??= setTimeout(flush, 200);
  };

  /** Column widths from the header and the first rows: text length in `ch`, 4 to 40. */
  const measureColumns = (sample: string[][]) => {
    const widths: number[] = [];
    for (const row of sample) row.forEach((cell, column) => (widths[column] = Math.max(widths[column] ?? 4, Math.min(40, cell.length + 2))));
    const numberWidth = Math.max(5, String(MAX_STORED_ROWS).length + 3);
    columnTemplate = [`${numberWidth}ch`, ...widths.map((width) => `${width}ch`)].join(' ');
  };

  const pending: string[][] = []; // rows held until the header is decided
  const take = (data: string[][], errorRows: Set<number>) => {
    for (let i = 0; i < data.length; i++) {
      const row = data[i]!;
      if (!decided) {
        pending.push(row);
        if (errorRows.has(i)) malformed.add(-pending.length); // marked once placed
        continue;
      }
      store(row, errorRows.has(i));
    }
    if (!decided && (pending.length > WIDTH_SAMPLE_ROWS || done)) decide();
  };
  const store = (row: string[], bad: boolean) => {
    const index = count;
    count += 1;
    if (bad || (columns > 0 && row.length !== columns)) malformed.add(index);
    if (rows.length >= MAX_STORED_ROWS || storedChars >= MAX_STORED_CHARS) return;
    for (const cell of row) storedChars += cell.length;
    rows.push(row);
  };
  const decide = () => {
    decided = true;
    const first = pending[0];
    const isHeader = looksLikeHeader(first, pending.slice(1, 50));
    const marks = new Set([...malformed].filter((mark) => mark < 0).map((mark) => -mark - 1));
    malformed.clear();
    header = isHeader ? first! : null;
    columns = isHeader ? first!.length : (first?.length ?? 0);
    measureColumns(pending.slice(0, WIDTH_SAMPLE_ROWS));
    pending.forEach((row, i) => {
      if (i === 0 && isHeader) return;
      store(row, marks.has(i));
    });
    pending.length = 0;
  };

  draw();
  const progress = new PreviewProgress(signal, context.onError).run(async () => {
    const response = await context.open(signal);
    const reader = response.body?.getReader();
    const input = new PapaStreamInput();
    const ext = extensionOf(context.file.name);
    const tabs = ext === 'tsv' || context.file.type.startsWith('text/tab-separated-values');
    let finished!: () => void;
    const complete = new Promise<void>((resolve) => (finished = resolve));
    Papa.parse(input as unknown as File, {
      delimiter: tabs ? '\t' : '',
      delimitersToGuess: [',', '\t', ';', '|'],
      header: false,
      skipEmptyLines: true,
      chunk(results: Papa.ParseResult<string[]>, handle: Papa.Parser) {
        parser = handle;
        const errorRows = new Set<number>();
        for (const error of results.errors) if (typeof error.row === 'number') errorRows.add(error.row);
        take(results.data, errorRows);
      },
      complete() {
        finished();
      },
      error() {
        finished();
      },
    } as Papa.ParseLocalConfig<string[], File>);
    signal.addEventListener(
      'abort',
      () => {
        parser?.abort();
        void reader?.cancel().catch(() => {});
        finished();
      },
      { once: true },
    );

    const decoder = new TextStreamDecoder();
    let slice = performance.now();
    while (reader) {
      await input.whenFlowing();
      const { done: ended, value } = await reader.read();
      if (signal.aborted) return;
      if (ended) break;
      const text = decoder.decode(value);
      if (text) input.emit('data', text);
      if (!decided && pending.length > 0) decide();
      if (decided && shownRows === 0 && rows.length > 0) {
        flush();
        progress.shown();
      } else scheduleDraw();
      if (performance.now() - slice > 30) {
        await yieldToBrowser();
        slice = performance.now();
      }
    }
    const tail = decoder.flush();
    if (tail) input.emit('data', tail);
    input.emit('end');
    await complete;
    if (signal.aborted) return;
    done = true;
    if (!decided) decide();
    flush();
    progress.shown();
  });

  return {
    ready: progress.ready,
    destroy() {
      if (destroyed) return;
      destroyed = true;
      clearTimeout(updateTimer);
      parser?.abort();
      rowWindow.dispose();
      render(null, root);
      rows.length = 0;
    },
  };
}
