import { aTimeout, expect, waitUntil } from '@open-wc/testing';
import { blobFile, fixtureFile, mountDialog, openAndWait, previewRoot, type SessionChatPreviewDialog } from './support/preview.js';

function status(el: SessionChatPreviewDialog): HTMLElement {
  return previewRoot(el).querySelector<HTMLElement>('.status')!;
}

function headerCells(el: SessionChatPreviewDialog): string[] {
  return [...previewRoot(el).querySelectorAll('.head [role="columnheader"]')].map((cell) => cell.textContent!);
}

function shownRows(el: SessionChatPreviewDialog): { number: string; cells: string[]; malformed: boolean }[] {
  return [...previewRoot(el).querySelectorAll<HTMLElement>('.body [role="row"]')].map((row) => ({
    number: row.querySelector('[role="rowheader"]')!.textContent!.trim().split(' ')[0]!,
    cells: [...row.querySelectorAll('[role="cell"]')].map((cell) => cell.textContent!),
    malformed: row.dataset['malformed'] === 'true',
  }));
}

async function waitDone(el: SessionChatPreviewDialog): Promise<void> {
  await waitUntil(() => status(el).dataset['done'] === 'true', 'the csv did not finish', { timeout: 15000 });
}

describe('csv / tsv preview', () => {
  it('shows the header row and every row of acm-publications.csv, with the final count', async () => {
    const el = await mountDialog([fixtureFile('csv/acm-publications.csv')]);
    await openAndWait(el);
    await waitDone(el);
    expect(headerCells(el)).to.deep.equal([
      'Row',
      'CONTENT TYPE',
      'TITLE',
      'ABBR',
      'ISSN',
      'e-ISSN',
      'PUBLICATION RANGE: START',
      'PUBLICATION RANGE: LATEST PUBLISHED',
      'SHORTCUT URL',
      'ARCHIVE URL',
    ]);
    expect(status(el).textContent).to.equal('1,135 rows');
    const first = shownRows(el)[0]!;
    expect(first.number).to.equal('1');
    expect(first.cells.slice(0, 3)).to.deep.equal(['Journals', 'ACM Computing Surveys ', 'ACM Comput. Surv.']);
    // Windowed: far fewer rows in the DOM than in the file.
    expect(shownRows(el).length).to.be.below(200);
    // Scrolling to the end shows the last rows.
    const scroller = previewRoot(el).querySelector<HTMLElement>('.scroller')!;
    scroller.scrollTop = scroller.scrollHeight;
    await waitUntil(() => shownRows(el).some((row) => row.number === '1135'), 'the last row did not show after scrolling', { timeout: 5000 });
    el.close();
  });

  it('shows malformed.tsv with its bad rows marked, not as an error', async () => {
    const el = await mountDialog([fixtureFile('csv/malformed.tsv')]);
    await openAndWait(el);
    await waitDone(el);
    expect(el.state).to.equal('ready');
    expect(headerCells(el).slice(1)).to.deep.equal(['site', 'lon', 'lat', 'max', 'min', 'precip', 'snow', 'snowdepth']);
    const rows = shownRows(el);
    const byFirst = new Map(rows.map((row) => [row.cells[0], row]));
    expect(byFirst.get('1V4')!.malformed).to.equal(false);
    expect(byFirst.get('BTV')!.malformed, 'BTV has a field too many').to.equal(true);
    expect(byFirst.get('MSS')!.malformed, 'MSS has a field too few').to.equal(true);
    expect(byFirst.get('SLK')!.malformed, 'SLK opens a quote it never closes').to.equal(true);
    expect(byFirst.get('PBG')!.malformed).to.equal(false);
    // The mark is announced, not only coloured.
    const marked = previewRoot(el).querySelector('[data-malformed="true"] [role="rowheader"]')!;
    expect(marked.textContent).to.contain('Malformed row');
    el.close();
  });

  it('detects the delimiter, the header (or its absence) and a UTF-8 BOM', async () => {
    const el = await mountDialog([
      fixtureFile('csv/utf-8-bom-sample.csv'),
      blobFile('semicolons.csv', 'name;city;zip\nAnna;Köln;50667\nBert;Bonn;53111\n'),
      blobFile('numbers.csv', '1,2,3\n4,5,6\n'),
    ]);
    await openAndWait(el, 0);
    await waitDone(el);
    expect(headerCells(el).slice(1)).to.deep.equal(['A', 'B', 'C']);
    expect(shownRows(el).map((row) => row.cells)).to.deep.equal([['X', 'Y', 'Z']]);
    el.showNext();
    await waitUntil(() => el.state === 'ready' && status(el).dataset['done'] === 'true', `waited for: () => el.state === 'ready' && status(el).dataset['done'] === 'true'`, { timeout: 5000 });
    expect(headerCells(el).slice(1)).to.deep.equal(['name', 'city', 'zip']);
    expect(shownRows(el)[0]!.cells).to.deep.equal(['Anna', 'Köln', '50667']);
    el.showNext();
    await waitUntil(() => el.state === 'ready' && status(el).dataset['done'] === 'true', `waited for: () => el.state === 'ready' && status(el).dataset['done'] === 'true'`, { timeout: 5000 });
    expect(headerCells(el)).to.deep.equal([]);
    expect(shownRows(el).map((row) => row.cells)).to.deep.equal([
      ['1', '2', '3'],
      ['4', '5', '6'],
    ]);
    el.close();
  });

  it('shows a cell holding markup as text', async () => {
    const win = window as unknown as { __csvXss?: number };
    const el = await mountDialog([blobFile('hostile.csv', 'name,note\nEve,<img src=x onerror="window.__csvXss=1">\nMallory,<script>window.__csvXss=2</script>\n')]);
    await openAndWait(el);
    await waitDone(el);
    await aTimeout(100);
    const cells = shownRows(el).map((row) => row.cells[1]);
    expect(cells).to.deep.equal(['<img src=x onerror="window.__csvXss=1">', '<script>window.__csvXss=2</script>']);
    expect(previewRoot(el).querySelector('img, script')).to.equal(null);
    expect(win.__csvXss).to.equal(undefined);
    el.close();
  });

  it('shows the first rows of a long stream while the count grows, and closing stops the download and the parse', async () => {
    const id = `stream-${Date.now()}`;
    const el = await mountDialog([
      { id, name: 'big.csv', size: 0, type: 'text/csv', url: `/__preview/generated.csv?rows=5000000&delay=40&id=${id}` },
    ]);
    await openAndWait(el);
    expect(el.state).to.equal('ready');
    expect(shownRows(el).length).to.be.greaterThan(0);
    expect(status(el).textContent).to.match(/^[\d,]+ rows so far…$/);
    const before = Number(status(el).dataset['rowCount']);
    await waitUntil(() => Number(status(el).dataset['rowCount']) > before, 'the row count did not grow', { timeout: 5000 });
    const statusElement = status(el);
    el.close();
    // The relay (here the dev server) sees the download cancelled, and nothing more is sent.
    const read = async () => (await (await fetch(`/__preview/streams?id=${id}`)).json()) as { sent: number; aborted: boolean; ended: boolean };
    await waitUntil(async () => (await read()).aborted, 'the download went on after closing', { timeout: 5000 });
    const sent = (await read()).sent;
    const counted = statusElement.dataset['rowCount'];
    await aTimeout(400);
    expect((await read()).sent).to.be.at.most(sent + 65536 * 2);
    expect((await read()).ended).to.equal(false);
    expect(statusElement.dataset['rowCount']).to.equal(counted);
    expect(el.shadowRoot!.querySelector('.container')!.children.length).to.equal(0);
  });
});
