import { expect, waitUntil } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import { expectAccessible } from './support/a11y.js';
import { makeZip } from './support/make-zip.js';
import { bigSheetXlsx, externalPictureXlsx } from './support/make-xlsx.js';
import { alertText, blobFile, clearRequestLog, fixtureFile, mountDialog, openAndWait, previewRoot, requestLog, type SessionChatPreviewDialog } from './support/preview.js';

const FORMATS = ['xlsx', 'xlsm', 'xlsb', 'xls', 'ods', 'fods'] as const;

function tabs(el: SessionChatPreviewDialog): { name: string; selected: boolean; hidden: boolean }[] {
  return [...previewRoot(el).querySelectorAll<HTMLElement>('[role="tab"]')].map((tab) => ({
    name: tab.textContent!.trim(),
    selected: tab.getAttribute('aria-selected') === 'true',
    hidden: tab.dataset['hidden'] === 'true',
  }));
}

/** The cells on screen by their address ("A1"), as text. */
function cells(el: SessionChatPreviewDialog): Map<string, HTMLElement> {
  const found = new Map<string, HTMLElement>();
  for (const row of previewRoot(el).querySelectorAll<HTMLElement>('.body [role="row"]')) {
    const number = row.getAttribute('aria-rowindex')!;
    for (const cell of row.querySelectorAll<HTMLElement>('[role="cell"]')) {
      const column = Number(cell.getAttribute('aria-colindex')) - 2;
      found.set(`${String.fromCharCode(65 + column)}${Number(number) - 1}`, cell);
    }
  }
  return found;
}

function text(el: SessionChatPreviewDialog, address: string): string | undefined {
  return cells(el).get(address)?.textContent ?? undefined;
}

async function selectTab(el: SessionChatPreviewDialog, name: string): Promise<void> {
  const tab = [...previewRoot(el).querySelectorAll<HTMLElement>('[role="tab"]')].find((candidate) => candidate.textContent!.trim().startsWith(name))!;
  tab.click();
  await waitUntil(() => tab.getAttribute('aria-selected') === 'true');
}

describe('spreadsheet preview', () => {
  afterEach(async () => {
    await setViewport({ width: 800, height: 600 });
  });

  it('passes the accessibility audit, on a sheet with merged cells and on an empty one', async () => {
    const el = await mountDialog([fixtureFile('sheets/source.xlsx')]);
    await openAndWait(el);
    await expectAccessible(el);
    await selectTab(el, 'Empty');
    await expectAccessible(el);
    el.close();
  });

  for (const format of FORMATS) {
    it(`shows source.${format}: sheet names, formatted values, merged cells, cached formula values, the hidden sheet marked`, async () => {
      const el = await mountDialog([fixtureFile(`sheets/source.${format}`)]);
      await openAndWait(el);
      expect(el.state, alertText(el)).to.equal('ready');
      expect(tabs(el)).to.deep.equal([
        { name: 'Summary', selected: true, hidden: false },
        { name: 'Hostile', selected: false, hidden: false },
        { name: 'Secrethidden', selected: false, hidden: true },
        { name: 'Empty', selected: false, hidden: false },
      ]);
      expect(text(el, 'A1')).to.equal('Quarterly report');
      const merged = cells(el).get('A1')!;
      expect([merged.getAttribute('aria-rowspan'), merged.getAttribute('aria-colspan')]).to.deep.equal(['2', '2']);
      expect(cells(el).has('B1'), 'B1 is covered by the merge').to.equal(false);
      expect(cells(el).has('A2'), 'A2 is covered by the merge').to.equal(false);
      expect(text(el, 'C2')).to.equal('Status');
      expect(text(el, 'A4')).to.equal('2024-03-15');
      expect(text(el, 'B4')).to.equal('$1,234.50');
      expect(text(el, 'C4')).to.equal('12.5%');
      expect(text(el, 'D5'), 'the cached value of =SUM(A5:B5)').to.equal('42');
      expect(previewRoot(el).querySelector('.status')!.textContent).to.equal('5 rows × 4 columns');
      // The merged cell covers exactly two columns and two rows of the grid.
      const box = merged.getBoundingClientRect();
      const c1 = cells(el).get('C1')!.getBoundingClientRect();
      const a3 = cells(el).get('A3')!.getBoundingClientRect();
      expect(Math.abs(box.right - c1.left)).to.be.below(1);
      expect(Math.abs(box.bottom - a3.top)).to.be.below(1);
      el.close();
    });
  }

  it('shows a StarOffice .sxc', async () => {
    const el = await mountDialog([fixtureFile('sheets/old.sxc')]);
    await openAndWait(el);
    expect(el.state, alertText(el)).to.equal('ready');
    expect(tabs(el).map((tab) => tab.name)).to.deep.equal(['Old']);
    expect([text(el, 'A1'), text(el, 'B1')]).to.deep.equal(['42', 'StarOffice']);
    el.close();
  });

  it('moves between sheets with the arrow keys, Home and End; a hidden sheet shows, an empty one says so', async () => {
    const el = await mountDialog([fixtureFile('sheets/source.xlsx')]);
    await openAndWait(el);
    const root = previewRoot(el);
    const selected = () => root.querySelector<HTMLElement>('[role="tab"][aria-selected="true"]')!;
    expect(root.querySelector('[role="tablist"]')!.getAttribute('aria-label')).to.equal('Sheets');
    expect(root.querySelectorAll('[role="tab"][tabindex="0"]').length).to.equal(1);
    selected().focus();
    await sendKeys({ press: 'ArrowRight' });
    await waitUntil(() => selected().textContent!.trim() === 'Hostile');
    expect(root.activeElement).to.equal(selected());
    expect(root.querySelector('[role="tabpanel"]')!.getAttribute('aria-labelledby')).to.equal(selected().id);
    expect(text(el, 'B2')).to.equal('last');
    await sendKeys({ press: 'ArrowRight' });
    await waitUntil(() => text(el, 'A1') === 'hidden value');
    expect(selected().dataset['hidden']).to.equal('true');
    await sendKeys({ press: 'End' });
    await waitUntil(() => selected().textContent!.trim() === 'Empty');
    expect(root.querySelector('[data-empty]')!.textContent).to.equal('This sheet is empty.');
    await sendKeys({ press: 'ArrowRight' });
    await waitUntil(() => selected().textContent!.trim() === 'Summary', 'the arrow wraps around');
    await sendKeys({ press: 'ArrowLeft' });
    await waitUntil(() => selected().textContent!.trim() === 'Empty');
    await sendKeys({ press: 'Home' });
    await waitUntil(() => text(el, 'A4') === '2024-03-15');
    el.close();
  });

  describe('when the workbook is hostile', () => {
    for (const format of ['xlsx', 'ods', 'xls'] as const) {
      it(`shows script-looking cells and a javascript: HYPERLINK of source.${format} as text, makes no link and runs nothing`, async () => {
        const win = window as { __sheetXss?: number };
        delete win.__sheetXss;
        const el = await mountDialog([fixtureFile(`sheets/source.${format}`)]);
        await openAndWait(el);
        await selectTab(el, 'Hostile');
        await waitUntil(() => text(el, 'B2') === 'last');
        expect(text(el, 'A1')).to.equal('<script>window.__sheetXss=1</script><img src=x onerror="window.__sheetXss=2">');
        // The cached value of =HYPERLINK("javascript:…";"click") (LibreOffice's .xls export saved 0 for it).
        expect(text(el, 'B1')).to.equal(format === 'xls' ? '0' : 'click');
        expect(text(el, 'A2'), 'text that looks like a formula stays text').to.equal('=1+1');
        const root = previewRoot(el);
        expect(root.querySelectorAll('a, script, img, iframe').length).to.equal(0);
        await new Promise((resolve) => setTimeout(resolve, 100));
        expect(win.__sheetXss).to.equal(undefined);
        el.close();
      });
    }

    it('fetches neither a linked picture nor a hyperlink target of the workbook', async () => {
      const picture = `${location.origin}/__preview/external.png`;
      const seen: string[] = [];
      const observer = new PerformanceObserver((list) => seen.push(...list.getEntries().map((entry) => entry.name)));
      observer.observe({ type: 'resource', buffered: false });
      await clearRequestLog();
      const el = await mountDialog([blobFile('linked.xlsx', externalPictureXlsx(picture, `${location.origin}/__preview/external-link`))]);
      await openAndWait(el);
      expect(el.state, alertText(el)).to.equal('ready');
      expect(text(el, 'A1')).to.equal('picture below');
      expect(previewRoot(el).querySelectorAll('a, img').length).to.equal(0);
      await new Promise((resolve) => setTimeout(resolve, 300));
      observer.disconnect();
      const served = await requestLog();
      expect(served.filter((url) => url.includes('/__preview/external'))).to.deep.equal([]);
      expect(seen.filter((url) => url.includes('/__preview/external'))).to.deep.equal([]);
      el.close();
    });

    it('refuses a zip bomb before SheetJS reads it', async () => {
      const huge = makeZip([{ name: 'xl/worksheets/sheet1.xml', data: 'x'.repeat(1000), declaredSize: 4_000_000_000 }]);
      const dense = makeZip([{ name: 'xl/sharedStrings.xml', data: 'x'.repeat(2000), declaredSize: 150_000_000, declaredCompressedSize: 2000 }]);
      const el = await mountDialog([blobFile('huge.xlsx', huge), blobFile('dense.ods', dense)]);
      for (const index of [0, 1]) {
        await openAndWait(el, index);
        expect(el.state, `file ${index}`).to.equal('error');
        expect(alertText(el)).to.equal('This document expands to far more data than a real document, so it was not opened.');
      }
      el.close();
    });

    it('says a damaged workbook is damaged', async () => {
      const el = await mountDialog([blobFile('broken.xlsx', makeZip([{ name: 'hello.txt', data: 'hi' }]))]);
      await openAndWait(el);
      expect(el.state).to.equal('error');
      expect(alertText(el)).to.equal('This file is damaged or is not what its name says, so it cannot be previewed.');
      el.close();
    });
  });

  it('keeps at most 500,000 cells of a sheet of a million, says so, and windows the rows', async () => {
    const el = await mountDialog([blobFile('million.xlsx', bigSheetXlsx(100_001, 10))]);
    await openAndWait(el, 0, 30000);
    expect(el.state, alertText(el)).to.equal('ready');
    const root = previewRoot(el);
    await waitUntil(() => root.querySelector('[data-capped]'), 'no cap notice', { timeout: 20000 });
    expect(root.querySelector('[data-capped]')!.textContent).to.equal(
      'Showing the first 50,000 of 100,001 rows of this sheet (at most 500,000 cells). Download the file to see all of them.',
    );
    expect(root.querySelector('.status')!.textContent).to.equal('100,001 rows × 10 columns');
    expect(text(el, 'J1')).to.equal('1009');
    expect(root.querySelectorAll('.body [role="row"]').length).to.be.below(100);
    const scroller = root.querySelector<HTMLElement>('.scroller')!;
    scroller.scrollTop = scroller.scrollHeight;
    await waitUntil(() => text(el, 'A50000') === '50000000', 'the last kept row did not show after scrolling', { timeout: 5000 });
    el.close();
  });

  it('shows the first rows of a long xlsx before the whole sheet is read, then all of it with its merges', async () => {
    const el = await mountDialog([blobFile('long.xlsx', bigSheetXlsx(60_000, 10, 'B2:C3'))]);
    await openAndWait(el, 0, 20000);
    expect(el.state, alertText(el)).to.equal('ready');
    const root = previewRoot(el);
    const status = root.querySelector<HTMLElement>('.status')!;
    expect(status.dataset['partial'], 'the first screen came from the cut copy').to.equal('true');
    expect(status.textContent).to.equal('100 rows so far…');
    expect(text(el, 'A1')).to.equal('1000');
    await waitUntil(() => status.dataset['partial'] === 'false', 'the whole sheet did not replace its first rows', { timeout: 20000 });
    expect(status.textContent).to.equal('60,000 rows × 10 columns');
    expect(text(el, 'B2')).to.equal('2001');
    expect([cells(el).get('B2')!.getAttribute('aria-rowspan'), cells(el).get('B2')!.getAttribute('aria-colspan')]).to.deep.equal(['2', '2']);
    el.close();
  });

  it('keeps the first rows with a notice when the whole workbook takes longer than the time limit, and ends the worker', async () => {
    // The 10 s limit is held here and let go once the first 100 rows are on screen, while the
    // million cells are still being read: the same moment on a fast machine and a loaded one.
    const { setTimeout: original } = window;
    let limit: (() => void) | null = null;
    const terminated: Worker[] = [];
    const { terminate } = Worker.prototype;
    window.setTimeout = ((handler: TimerHandler, delay?: number, ...args: unknown[]) => {
      if (delay !== 10_000) return original(handler, delay, ...args);
      limit = handler as () => void;
      return original(() => {}, 2 ** 30);
    }) as typeof setTimeout;
    Worker.prototype.terminate = function (this: Worker) {
      terminated.push(this);
      return terminate.call(this);
    };
    try {
      const el = await mountDialog([blobFile('slow.xlsx', bigSheetXlsx(100_001, 10))]);
      await openAndWait(el, 0, 20000);
      expect(el.state, alertText(el)).to.equal('ready');
      const root = previewRoot(el);
      expect(limit, 'the preview set its time limit').to.not.equal(null);
      limit!();
      await waitUntil(() => root.querySelector('[data-timed-out]'), 'no time-limit notice', { timeout: 10000 });
      expect(root.querySelector('[data-timed-out]')!.textContent).to.equal(
        'This workbook took too long to read: only the first 100 rows of its first sheet are shown. Download the file to see all of it.',
      );
      expect(el.state).to.equal('ready');
      expect(root.querySelector('.status')!.textContent).to.equal('100 rows');
      expect(text(el, 'A1')).to.equal('1000');
      expect(terminated.length).to.be.above(0);
      el.close();
    } finally {
      window.setTimeout = original;
      Worker.prototype.terminate = terminate;
    }
  });

  it('terminates the worker when the dialog closes mid-parse', async () => {
    const started: Worker[] = [];
    const terminated = new Set<Worker>();
    const { postMessage, terminate } = Worker.prototype;
    Worker.prototype.postMessage = function (this: Worker, ...args: Parameters<Worker['postMessage']>) {
      started.push(this);
      return postMessage.apply(this, args as never);
    } as Worker['postMessage'];
    Worker.prototype.terminate = function (this: Worker) {
      terminated.add(this);
      return terminate.call(this);
    };
    try {
      const el = await mountDialog([blobFile('big.xlsx', bigSheetXlsx(60_000, 10))]);
      await el.open(0);
      await waitUntil(() => started.length > 0, 'no parse was started', { timeout: 10000 });
      expect(el.state).to.equal('loading');
      el.close();
      expect(terminated.has(started[0]!)).to.equal(true);
      expect(el.state).to.equal('closed');
    } finally {
      Worker.prototype.postMessage = postMessage;
      Worker.prototype.terminate = terminate;
    }
  });

  describe('layout', () => {
    /** Every column letter's box against the body cells of its column (start and end edges). */
    function misaligned(el: SessionChatPreviewDialog): string[] {
      const root = previewRoot(el);
      const body = cells(el);
      const off: string[] = [];
      for (const letter of root.querySelectorAll<HTMLElement>('.head [role="columnheader"][aria-colindex]:not(.corner)')) {
        const column = letter.textContent!;
        const head = letter.getBoundingClientRect();
        for (const [address, cell] of body) {
          if (address.replace(/\d+$/, '') !== column || cell.getAttribute('aria-colspan')) continue;
          const box = cell.getBoundingClientRect();
          if (Math.abs(box.left - head.left) > 0.5 || Math.abs(box.right - head.right) > 0.5) off.push(`${address}: ${box.left}-${box.right} vs ${head.left}-${head.right}`);
        }
      }
      return off;
    }

    it('lines the column letters up with the body columns at 360 px, in LTR and RTL, also after scrolling sideways', async () => {
      await setViewport({ width: 360, height: 640 });
      const el = await mountDialog([fixtureFile('sheets/source.ods'), blobFile('wide.xlsx', bigSheetXlsx(300, 26))]);
      for (const dir of ['ltr', 'rtl']) {
        el.setAttribute('dir', dir);
        await openAndWait(el, 0);
        expect(misaligned(el), dir).to.deep.equal([]);
        const root = previewRoot(el);
        const scroller = root.querySelector<HTMLElement>('.scroller')!;
        expect(scroller.getBoundingClientRect().right).to.be.at.most(360);
        // The row numbers sit at the inline start.
        const number = root.querySelector('.body [role="rowheader"]')!.getBoundingClientRect();
        const a = cells(el).get('C1')!.getBoundingClientRect();
        expect(dir === 'rtl' ? number.left > a.left : number.left < a.left, dir).to.equal(true);
        await openAndWait(el, 1);
        expect(misaligned(el), `${dir}, wide`).to.deep.equal([]);
        const wide = previewRoot(el).querySelector<HTMLElement>('.scroller')!;
        wide.scrollLeft = dir === 'rtl' ? -2000 : 2000;
        await waitUntil(() => cells(el).has('Z1') || cells(el).has('Y1'), `${dir}: the last columns did not show after scrolling`, { timeout: 5000 });
        expect(misaligned(el), `${dir}, scrolled`).to.deep.equal([]);
        expect(cells(el).has('A1'), `${dir}: the first columns left the DOM`).to.equal(false);
      }
      el.close();
    });
  });
});
