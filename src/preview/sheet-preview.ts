/**
 * Spreadsheets (xlsx, xlsm, xlsb, xls, ods, fods): a zip container's directory is checked for
 * bombs, SheetJS parses the workbook in a Web Worker with a time limit (no formula is evaluated:
 * cells show the values and the formatted text the file saved), and the page shows the sheets as
 * tabs over a windowed grid. Cells are Lit text bindings: markup and `javascript:` links in a
 * cell show as text, no link is made, and nothing in the workbook is fetched.
 */
import { html, render } from 'lit';
import { resolveAsset, startModuleWorker } from './asset-url.js';
import { previewBaseStyles } from './preview-base.styles.js';
import { PreviewError } from './preview-error.js';
import { createPreviewRoot } from './preview-root.js';
import { PreviewProgress, readBytes } from './preview-source.js';
import { fillString } from './preview-strings.js';
import { RowWindow } from './row-window.js';
import { SHEET_ROW_HEIGHT, columnLayout, columnRange, gridTemplate, type ColumnLayout } from './sheet-grid.js';
import type { SheetGrid } from './sheet-grid-data.js';
import { sheetPreviewStyles } from './sheet-preview.styles.js';
import type { SheetInfo, SheetWorkerRequest, SheetWorkerResponse } from './sheet-worker.js';
import { checkZip } from './zip-inspect.js';
import type { PreviewContext, PreviewHandle } from './preview-types.js';

export const MAX_SHEET_BYTES = 50 * 1024 * 1024;
/** The worker is terminated when parsing takes longer. */
export const SHEET_TIME_LIMIT_MS = 10_000;
/** Cells kept for display per sheet; past that the rows are cut and a notice says so. */
export const MAX_SHEET_CELLS = 500_000;

function isZip(bytes: ArrayBuffer): boolean {
  const head = new Uint8Array(bytes, 0, Math.min(4, bytes.byteLength));
  return head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04;
}

async function startWorker(relay: string | undefined): Promise<Worker> {
  return startModuleWorker(await resolveAsset('chunks/sheet-worker.js', new URL('./sheet-worker.js', import.meta.url), relay), 'sheet-preview');
}

export function mountPreview(context: PreviewContext): PreviewHandle {
  const { strings, lang, signal } = context;
  const root = createPreviewRoot(context.container, [previewBaseStyles, sheetPreviewStyles]);
  let destroyed = false;
  let worker: Worker | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let sheets: SheetInfo[] = [];
  const grids = new Map<number, SheetGrid>();
  /** Sheets showing only their first rows while the whole workbook is read. */
  const partial = new Set<number>();
  /** The whole workbook took longer than the time limit, after its first rows were shown. */
  let timedOut = false;
  const layouts = new Map<number, ColumnLayout>();
  let selected = -1;
  /** The sheet shown first (the first visible one). */
  let firstSheet = 0;
  let focusTab = false;

  const scroller = () => root.querySelector<HTMLElement>('.scroller');
  const rowWindow = new RowWindow(scroller, () => root.querySelector<HTMLElement>('.body')?.offsetTop ?? 0, () => draw());
  rowWindow.rowHeight = SHEET_ROW_HEIGHT;
  let lastColumns = '';
  let frame = 0;
  const onScroll = (event: Event) => {
    rowWindow.onScroll();
    const box = event.currentTarget as HTMLElement;
    if (frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      const layout = layouts.get(selected);
      if (!layout) return;
      const range = columnRange(layout, Math.abs(box.scrollLeft), box.clientWidth);
      if (`${range.first}:${range.end}` !== lastColumns) draw();
    });
  };

  const select = (index: number, focus: boolean) => {
    if (index === selected || index < 0 || index >= sheets.length) return;
    selected = index;
    focusTab = focus;
    const box = scroller();
    if (box) {
      box.scrollTop = 0;
      box.scrollLeft = 0;
    }
    draw();
  };

  const onTabKey = (event: KeyboardEvent) => {
    const rtl = getComputedStyle(root.host).direction === 'rtl';
    const step: Record<string, number> = { ArrowRight: rtl ? -1 : 1, ArrowLeft: rtl ? 1 : -1 };
    let next = selected;
    if (event.key in step) next = (selected + step[event.key]! + sheets.length) % sheets.length;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = sheets.length - 1;
    else return;
    event.preventDefault();
    select(next, true);
  };

  const tabs = () => html`<div class="tabs" role="tablist" aria-label=${strings.sheets} @keydown=${onTabKey}>
    ${sheets.map(
      (sheet, index) => html`<button
        type="button"
        role="tab"
        id="tab-${index}"
        class=${sheet.hidden ? 'hidden-sheet' : ''}
        aria-selected=${index === selected ? 'true' : 'false'}
        aria-controls="panel"
        tabindex=${index === selected ? 0 : -1}
        data-hidden=${sheet.hidden ? 'true' : 'false'}
        @click=${() => select(index, false)}
      >${sheet.name}${sheet.hidden ? html`<span class="tag">${strings.sheetHidden}</span>` : null}</button>`,
    )}
  </div>`;

  const panel = () => {
    const grid = grids.get(selected);
    const headShown = grids.get(firstSheet)?.rows.length ?? 0;
    const timeNotice = timedOut ? html`<p class="notice" data-timed-out="true">${fillString(strings.sheetTimedOut, { shown: headShown }, lang)}</p>` : null;
    if (!grid) return timeNotice ?? html`<p class="empty">${strings.loading}</p>`;
    if (grid.rowCount === 0) return html`<p class="empty" data-empty="true">${strings.sheetEmpty}</p>`;
    let layout = layouts.get(selected);
    if (!layout) layouts.set(selected, (layout = columnLayout(grid)));
    rowWindow.count = grid.rows.length;
    const rows = rowWindow.range();
    const box = scroller();
    const columns = columnRange(layout, Math.abs(box?.scrollLeft ?? 0), box?.clientWidth ?? 0);
    lastColumns = `${columns.first}:${columns.end}`;
    return html`${timedOut && partial.has(selected) ? timeNotice : null}${grid.rows.length < grid.rowCount
        ? html`<p class="notice" data-capped="true">${fillString(strings.sheetCapped, { shown: grid.rows.length, count: grid.rowCount, cells: MAX_SHEET_CELLS }, lang)}</p>`
        : null}
      ${gridTemplate(grid, layout, rows, columns, { label: sheets[selected]?.name ?? context.file.name, row: strings.row }, onScroll)}`;
  };

  const draw = () => {
    if (destroyed) return;
    const grid = grids.get(selected);
    const status = !grid
      ? strings.loading
      : partial.has(selected)
        ? fillString(timedOut ? strings.rows : strings.rowsSoFar, { count: grid.rows.length }, lang)
        : fillString(strings.sheetSize, { rows: grid.rowCount, columns: grid.columnCount }, lang);
    render(
      html`<div class="toolbar">
          ${sheets.length > 0 ? tabs() : null}
          <span class="status" role="status" data-partial=${partial.has(selected) ? 'true' : 'false'}>${status}</span>
        </div>
        <div class="panel" role=${sheets.length > 0 ? 'tabpanel' : 'presentation'} id="panel" aria-labelledby=${sheets.length > 0 ? `tab-${selected}` : ''}>
          ${sheets.length > 0 ? panel() : null}
        </div>`,
      root,
    );
    if (focusTab) {
      focusTab = false;
      root.querySelector<HTMLElement>('[role="tab"][aria-selected="true"]')?.focus();
    }
  };

  const stopWorker = () => {
    clearTimeout(timer);
    worker?.terminate();
    worker = null;
  };

  draw();
  // The worker starts (and loads SheetJS) while the file downloads.
  const starting = startWorker(context.relay);
  starting.catch(() => {});
  const progress = new PreviewProgress(signal, context.onError).run(async () => {
    const response = await context.open(signal);
    const bytes = await readBytes(response, MAX_SHEET_BYTES, signal);
    if (isZip(bytes)) checkZip(bytes);
    const started = await starting;
    if (destroyed || signal.aborted) {
      started.terminate();
      return;
    }
    worker = started;
    await new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        stopWorker();
        resolve();
      };
      signal.addEventListener('abort', onAbort, { once: true });
      const finish = (error?: unknown) => {
        signal.removeEventListener('abort', onAbort);
        stopWorker();
        if (error) reject(error);
        else resolve();
      };
      timer = setTimeout(() => {
        // First rows on screen: they stay, with a notice; else the preview fails.
        if (grids.size > 0) {
          timedOut = true;
          draw();
          finish();
        } else finish(new PreviewError('timeout', `the workbook took longer than ${SHEET_TIME_LIMIT_MS} ms to read`));
      }, SHEET_TIME_LIMIT_MS);
      started.onmessage = (event: MessageEvent<SheetWorkerResponse>) => {
        const message = event.data;
        if (message.type === 'error') finish(new PreviewError(message.code, `the workbook cannot be read: ${message.message}`));
        else if (message.type === 'book') {
          // Sent again after a long workbook's first rows: the tab chosen meanwhile stays.
          sheets = message.sheets;
          firstSheet = message.first;
          if (selected < 0 || selected >= sheets.length) selected = message.first;
          if (sheets.length === 0) finish(new PreviewError('corrupt', 'the workbook has no sheets'));
          else draw();
        } else if (message.type === 'sheet') {
          grids.set(message.index, message.grid);
          layouts.delete(message.index);
          if (message.partial) partial.add(message.index);
          else partial.delete(message.index);
          if (message.index === selected) draw();
          if (grids.has(selected)) progress.shown();
        } else finish();
      };
      started.onerror = (event) => {
        event.preventDefault();
        finish(new PreviewError('unknown', `the spreadsheet reader failed: ${event.message}`));
      };
      const request: SheetWorkerRequest = { bytes, maxCells: MAX_SHEET_CELLS };
      started.postMessage(request, [bytes]);
    });
    if (!destroyed && !signal.aborted) draw();
  });

  return {
    ready: progress.ready,
    destroy() {
      if (destroyed) return;
      destroyed = true;
      stopWorker();
      void starting.then((started) => started.terminate(), () => {});
      cancelAnimationFrame(frame);
      rowWindow.dispose();
      render(null, root);
      grids.clear();
      layouts.clear();
    },
  };
}
