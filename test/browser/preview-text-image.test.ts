import { aTimeout, expect, waitUntil } from '@open-wc/testing';
import { alertText, blobFile, mountDialog, openAndWait, previewRoot, type SessionChatPreviewDialog } from './support/preview.js';

function lineStatus(el: SessionChatPreviewDialog): HTMLElement {
  return previewRoot(el).querySelector<HTMLElement>('.status')!;
}

function shownLines(el: SessionChatPreviewDialog): { number: string; text: string }[] {
  return [...previewRoot(el).querySelectorAll('.line')].map((line) => ({
    number: line.querySelector('.no')!.textContent!,
    text: line.querySelector('.text')!.textContent!,
  }));
}

async function openText(name: string, data: BlobPart | BlobPart[], type?: string): Promise<SessionChatPreviewDialog> {
  const el = await mountDialog([blobFile(name, data, type)]);
  await openAndWait(el);
  await waitUntil(() => lineStatus(el).dataset['done'] === 'true', 'the text did not finish', { timeout: 5000 });
  return el;
}

function canvasImage(width: number, height: number, type = 'image/png'): Promise<Blob> {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d')!;
  context.fillStyle = '#3a7';
  context.fillRect(0, 0, width, height);
  return new Promise((resolve) => canvas.toBlob((blob) => resolve(blob!), type));
}

describe('text preview', () => {
  it('shows a generated log with line numbers and its line count', async () => {
    const log = Array.from({ length: 12_345 }, (_, i) => `2026-11-24T04:00:${String(i % 60).padStart(2, '0')}Z INFO request ${i + 1} served`).join('\n') + '\n';
    const el = await openText('server.log', log, 'text/plain');
    expect(lineStatus(el).textContent).to.equal('12,345 lines');
    const lines = shownLines(el);
    expect(lines[0]).to.deep.equal({ number: '1', text: '2026-11-24T04:00:00Z INFO request 1 served' });
    expect(lines.length).to.be.below(200);
    const scroller = previewRoot(el).querySelector<HTMLElement>('.scroller')!;
    scroller.scrollTop = scroller.scrollHeight;
    await waitUntil(() => shownLines(el).some((line) => line.number === '12345'), 'the last line did not show', { timeout: 5000 });
    el.close();
  });

  it('shows markup as text, never as HTML', async () => {
    const win = window as unknown as { __textXss?: number };
    const el = await openText('page.html', '<b>bold</b>\n<img src=x onerror="window.__textXss=1">\n<script>window.__textXss=2</script>', 'text/html');
    expect(shownLines(el).map((line) => line.text)).to.deep.equal(['<b>bold</b>', '<img src=x onerror="window.__textXss=1">', '<script>window.__textXss=2</script>']);
    expect(previewRoot(el).querySelector('b, img, script')).to.equal(null);
    await aTimeout(100);
    expect(win.__textXss).to.equal(undefined);
    el.close();
  });

  it('detects UTF-8 with and without a BOM, UTF-16 by its BOM, and falls back to windows-1252', async () => {
    const cases: [string, Uint8Array<ArrayBuffer>][] = [
      ['utf8.txt', new TextEncoder().encode('café ✓\nzweite Zeile')],
      ['utf8-bom.txt', new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('café ✓\nzweite Zeile')])],
      ['utf16le.txt', new Uint8Array([0xff, 0xfe, ...[...'café ✓\nzweite Zeile'].flatMap((c) => [c.charCodeAt(0) & 0xff, c.charCodeAt(0) >> 8])])],
      ['utf16be.txt', new Uint8Array([0xfe, 0xff, ...[...'café ✓\nzweite Zeile'].flatMap((c) => [c.charCodeAt(0) >> 8, c.charCodeAt(0) & 0xff])])],
    ];
    for (const [name, bytes] of cases) {
      const el = await openText(name, bytes);
      expect(shownLines(el).map((line) => line.text), name).to.deep.equal(['café ✓', 'zweite Zeile']);
      el.close();
    }
    const latin = await openText('latin1.txt', new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x0d, 0x0a, 0x80, 0x20, 0x35]));
    expect(shownLines(latin).map((line) => line.text)).to.deep.equal(['café', '€ 5']);
    latin.close();
  });

  it('wraps long lines, or scrolls them when wrapping is off', async () => {
    const long = 'x'.repeat(3000);
    const el = await openText('long.txt', `${long}\nshort`);
    const lines = () => previewRoot(el).querySelector<HTMLElement>('.lines')!;
    expect(lines().classList.contains('wrap')).to.equal(true);
    const firstLine = () => previewRoot(el).querySelector<HTMLElement>('.line')!;
    expect(firstLine().getBoundingClientRect().height).to.be.greaterThan(40);
    const toggle = previewRoot(el).querySelector<HTMLInputElement>('input[type="checkbox"]')!;
    toggle.click();
    await waitUntil(() => lines().classList.contains('nowrap'), `waited for: () => lines().classList.contains('nowrap')`, { timeout: 5000 });
    expect(firstLine().getBoundingClientRect().height).to.be.below(30);
    const scroller = previewRoot(el).querySelector<HTMLElement>('.scroller')!;
    expect(scroller.scrollWidth).to.be.greaterThan(scroller.clientWidth * 2);
    el.close();
  });

  it('streams a large file: first lines at once, the count growing', async () => {
    const chunk = Array.from({ length: 50_000 }, (_, i) => `line ${i}`).join('\n') + '\n';
    const el = await mountDialog([blobFile('big.log', Array.from({ length: 20 }, () => chunk), 'text/plain')]);
    await openAndWait(el);
    expect(shownLines(el).length).to.be.greaterThan(0);
    await waitUntil(() => lineStatus(el).dataset['done'] === 'true', 'the text did not finish', { timeout: 20000 });
    expect(lineStatus(el).textContent).to.equal('1,000,000 lines');
    expect(previewRoot(el).querySelector('.notice')!.textContent).to.equal('Showing the first 500,000 of 1,000,000 lines. Download the file to see all of them.');
    el.close();
  });
});

describe('image preview', () => {
  it('shows a PNG fitted, zooms in and out and shows the actual size', async () => {
    const png = await canvasImage(1600, 1200);
    const el = await mountDialog([blobFile('photo.png', png, 'image/png')]);
    await openAndWait(el);
    expect(el.state).to.equal('ready');
    const img = () => previewRoot(el).querySelector('img')!;
    expect(img().src).to.match(/^blob:/);
    expect(img().alt).to.equal('Image: photo.png');
    const fitted = img().getBoundingClientRect().width;
    const scroller = previewRoot(el).querySelector<HTMLElement>('.scroller')!;
    expect(fitted).to.be.at.most(scroller.clientWidth);
    previewRoot(el).querySelector<HTMLButtonElement>('button[aria-label="Zoom in"]')!.click();
    await waitUntil(() => img().getBoundingClientRect().width > fitted * 1.2, `waited for: () => img().getBoundingClientRect().width > fitted * 1.2`, { timeout: 5000 });
    previewRoot(el).querySelector<HTMLButtonElement>('button[aria-label="Zoom out"]')!.click();
    previewRoot(el).querySelector<HTMLButtonElement>('button[aria-label="Zoom out"]')!.click();
    await waitUntil(() => img().getBoundingClientRect().width < fitted, `waited for: () => img().getBoundingClientRect().width < fitted`, { timeout: 5000 });
    [...previewRoot(el).querySelectorAll('button')].find((button) => button.textContent === 'Actual size')!.click();
    await waitUntil(() => Math.round(img().getBoundingClientRect().width) === 1600, `waited for: () => Math.round(img().getBoundingClientRect().width) === 1600`, { timeout: 5000 });
    const url = img().src;
    el.close();
    // The object URL is revoked on close.
    const after = await fetch(url).then(
      () => 'still there',
      () => 'revoked',
    );
    expect(after).to.equal('revoked');
  });

  it('shows an SVG only as an <img> from a blob: URL, so its script never runs', async () => {
    const win = window as unknown as { __svgXss?: number };
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="120" height="80" onload="window.__svgXss=1"><script>window.__svgXss=2</script><rect width="120" height="80" fill="teal"/></svg>`;
    const el = await mountDialog([blobFile('drawing.svg', svg, 'image/svg+xml')]);
    await openAndWait(el);
    expect(el.state).to.equal('ready');
    expect(previewRoot(el).querySelector('svg')).to.equal(null);
    expect(previewRoot(el).querySelector('img')!.src).to.match(/^blob:/);
    expect(previewRoot(el).querySelector('img')!.naturalWidth).to.equal(120);
    await aTimeout(200);
    expect(win.__svgXss).to.equal(undefined);
    el.close();
  });

  it('says a damaged image is damaged', async () => {
    const el = await mountDialog([blobFile('broken.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]), 'image/png')]);
    await openAndWait(el);
    expect(el.state).to.equal('error');
    expect(alertText(el)).to.equal('This file is damaged or is not what its name says, so it cannot be previewed.');
    el.close();
  });
});
