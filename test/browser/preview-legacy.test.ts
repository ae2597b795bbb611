import { aTimeout, expect, waitUntil } from '@open-wc/testing';
import { previewKindOf } from '../../src/preview/preview-kind.js';
import { expectAccessible } from './support/a11y.js';
import { alertText, blobFile, fixtureFile, loadedResources, mountDialog, openAndWait, previewRoot, type SessionChatPreviewDialog } from './support/preview.js';

const LEGACY_MODULES = /legacy-preview|legacy-worker|rtf-reader|doc-reader|doc-fib|node_modules\/cfb/;

function frame(el: SessionChatPreviewDialog): HTMLIFrameElement {
  return previewRoot(el).querySelector('iframe')!;
}

/** The document the frame shows, parsed from its srcdoc (the frame itself is opaque). */
function shown(el: SessionChatPreviewDialog): Document {
  return new DOMParser().parseFromString(frame(el).srcdoc, 'text/html');
}

function paragraphs(doc: Document): string[] {
  return [...doc.querySelectorAll('body > p')].map((p) => p.textContent!.trim());
}

function cells(doc: Document): string[][] {
  return [...doc.querySelectorAll('tr')].map((row) => [...row.querySelectorAll('td')].map((cell) => [...cell.querySelectorAll('p')].map((p) => p.textContent).join(' / ')));
}

function notices(el: SessionChatPreviewDialog): string[] {
  return [...previewRoot(el).querySelectorAll('.notice')].map((notice) => notice.textContent!.trim());
}

const TEXT_ONLY = 'Shown as text only: formatting, pictures and layout are left out. Download the file to see it as made.';
const RICH_PARAGRAPHS = [
  'Service report',
  'The printer was restarted twice.',
  'German: Grüße aus Köln, Straße, Ärger.',
  'Arabic: مرحبا بالعالم',
  'Emoji: 🙂 done 👍',
  'See the manual for details.',
];
const RICH_CELLS = [
  ['Part', 'Status'],
  ['Fuser', 'Replaced / on site'],
  ['Drum', 'OK'],
];

describe('rtf and Word 97–2003 preview', () => {
  // First, before any test opened a preview in this page.
  it('loads nothing of the readers before a preview opens', async () => {
    const el = await mountDialog([fixtureFile('office/notes.rtf')]);
    expect(loadedResources().filter((url) => LEGACY_MODULES.test(url))).to.deep.equal([]);
    await openAndWait(el);
    expect(loadedResources().some((url) => url.includes('legacy-preview'))).to.equal(true);
    el.close();
  });

  it('picks the previewer from the type or the extension', () => {
    expect(previewKindOf({ name: 'a.rtf' })).to.equal('rtf');
    expect(previewKindOf({ name: 'a.txt', type: 'text/rtf' })).to.equal('rtf');
    expect(previewKindOf({ name: 'a', type: 'application/rtf' })).to.equal('rtf');
    expect(previewKindOf({ name: 'a.DOC' })).to.equal('doc');
    expect(previewKindOf({ name: 'letter.dot', type: 'application/octet-stream' })).to.equal('doc');
    expect(previewKindOf({ name: 'x', type: 'application/msword' })).to.equal('doc');
    // A Graphviz graph is text.
    expect(previewKindOf({ name: 'graph.dot', type: 'text/vnd.graphviz' })).to.equal('text');
  });

  it('shows an rtf with its formatting, characters, link, table and picture in a sandboxed no-network frame', async () => {
    const el = await mountDialog([fixtureFile('office/rich.rtf')]);
    await openAndWait(el);
    expect(el.state).to.equal('ready');
    const doc = shown(el);
    expect(paragraphs(doc).slice(0, 6)).to.deep.equal(RICH_PARAGRAPHS);
    expect(paragraphs(doc).slice(-2)).to.deep.equal(['A picture:', 'The end.']);
    expect(cells(doc)).to.deep.equal(RICH_CELLS);
    // The Arabic paragraph runs right to left by itself.
    expect([...doc.querySelectorAll('body > p')].find((p) => p.textContent!.startsWith('Arabic'))!.getAttribute('dir')).to.equal('auto');
    expect([...doc.querySelectorAll('b')].map((b) => b.textContent)).to.deep.equal(['Service report', 'printer']);
    expect(doc.querySelector('i')!.textContent).to.equal('restarted');
    const link = doc.querySelector('a')!;
    expect(link.textContent).to.equal('the manual');
    expect(link.getAttribute('href')).to.equal('https://example.com/manual');
    expect(link.getAttribute('rel')).to.equal('noopener noreferrer');
    expect(doc.querySelector('img')!.getAttribute('src')).to.match(/^data:image\/png;base64,iVBORw0KGgo/);
    const iframe = frame(el);
    expect(iframe.getAttribute('sandbox')).to.equal('allow-popups allow-popups-to-escape-sandbox');
    expect(iframe.contentDocument).to.equal(null);
    expect(iframe.title).to.equal('Document: rich.rtf');
    expect(doc.querySelector('meta[http-equiv="Content-Security-Policy"]')!.getAttribute('content')).to.equal("default-src 'none'; style-src 'unsafe-inline'; img-src data:");
    expect(notices(el)).to.deep.equal([]);
    el.close();
  });

  it('shows the text, paragraphs and table of a .doc, and says it is text only', async () => {
    const el = await mountDialog([fixtureFile('office/rich.doc')]);
    await openAndWait(el);
    expect(el.state).to.equal('ready');
    const doc = shown(el);
    expect(paragraphs(doc)).to.deep.equal([...RICH_PARAGRAPHS, 'A picture:', 'The end.']);
    expect(cells(doc)).to.deep.equal(RICH_CELLS);
    expect(doc.querySelector('a')!.getAttribute('href')).to.equal('https://example.com/manual');
    expect(doc.querySelector('img')).to.equal(null);
    expect(notices(el)).to.deep.equal([TEXT_ONLY]);
    expect(previewRoot(el).querySelector('.notice')!.getAttribute('role')).to.equal('note');
    await expectAccessible(el);
    el.close();
  });

  it('reads notes.doc and notes.rtf, and an rtf saved under a .doc name', async () => {
    const rtf = await (await fetch('/__fixtures/office/notes.rtf')).arrayBuffer();
    const el = await mountDialog([fixtureFile('office/notes.doc'), fixtureFile('office/notes.rtf'), blobFile('saved-as.doc', rtf, 'application/msword')]);
    const expected = ['Rendition check', 'The printer queue stalls after the driver update.', 'Grüße aus Köln.'];
    for (const index of [0, 1, 2]) {
      await openAndWait(el, index);
      expect(el.state, `file ${index}`).to.equal('ready');
      expect(paragraphs(shown(el)), `file ${index}`).to.deep.equal(expected);
      expect(notices(el), `file ${index}`).to.deep.equal(index === 0 ? [TEXT_ONLY] : []);
    }
    el.close();
  });

  it("shows a long document's first screen first, then the whole document in its place", async () => {
    const body = Array.from({ length: 3000 }, (_, i) => `\\pard Paragraph ${i + 1} of a long document.\\par\n`).join('');
    const el = await mountDialog([blobFile('long.rtf', `{\\rtf1\\ansi ${body}}`)]);
    await openAndWait(el);
    expect(el.state).to.equal('ready');
    expect(paragraphs(shown(el))[0]).to.equal('Paragraph 1 of a long document.');
    await waitUntil(() => paragraphs(shown(el)).length === 3000 && previewRoot(el).querySelectorAll('iframe').length === 1, 'the whole document was not shown', { timeout: 15000 });
    const iframe = frame(el);
    expect(iframe.hasAttribute('aria-hidden')).to.equal(false);
    expect(iframe.className).to.equal('');
    expect(paragraphs(shown(el))[2999]).to.equal('Paragraph 3000 of a long document.');
    el.close();
  });

  describe('security', () => {
    it('keeps no script, javascript: or data: link, linked picture or object from a hostile rtf', async () => {
      const win = window as unknown as { __rtfXss?: number };
      const resources: string[] = [];
      const observer = new PerformanceObserver((list) => resources.push(...list.getEntries().map((entry) => entry.name)));
      observer.observe({ type: 'resource', buffered: false });
      const el = await mountDialog([fixtureFile('office/hostile.rtf')]);
      await openAndWait(el);
      expect(el.state).to.equal('ready');
      await aTimeout(300);
      observer.disconnect();
      const srcdoc = frame(el).srcdoc;
      const doc = shown(el);
      expect(paragraphs(doc)).to.include.members(['Before the links.', 'click me', 'data link', 'web link', 'picture result', 'object result', 'After the links.']);
      // The markup-looking text is text.
      expect(doc.body.textContent).to.contain('<script>window.__rtfXss=3</script><img src=x onerror="window.__rtfXss=4">');
      expect(doc.querySelectorAll('script').length).to.equal(0);
      expect(doc.body.querySelectorAll('object, embed, iframe, style, form').length).to.equal(0);
      expect(srcdoc.toLowerCase()).to.not.contain('javascript:');
      expect(srcdoc).to.not.contain('127.0.0.1:9');
      expect(srcdoc).to.not.contain('__rtfXss=9');
      for (const node of doc.querySelectorAll('*')) {
        for (const attribute of node.attributes) expect(attribute.name.startsWith('on'), `${node.nodeName} has ${attribute.name}`).to.equal(false);
      }
      const links = [...doc.querySelectorAll('a[href]')];
      expect(links.map((a) => a.getAttribute('href'))).to.deep.equal(['https://example.com/']);
      for (const img of doc.querySelectorAll('img')) expect(img.getAttribute('src')).to.match(/^data:image\/png;base64,/);
      expect(resources.filter((url) => url.includes('127.0.0.1:9'))).to.deep.equal([]);
      expect(win.__rtfXss).to.equal(undefined);
      el.close();
    });

    it('reads 100,000 nested groups quickly, without a crash', async () => {
      const deep = `{\\rtf1\\ansi ${'{'.repeat(100_000)}deep text${'}'.repeat(100_000)}\\par after}`;
      const el = await mountDialog([blobFile('deep.rtf', deep)]);
      const started = performance.now();
      await openAndWait(el);
      expect(performance.now() - started).to.be.below(5000);
      expect(el.state).to.equal('ready');
      expect(paragraphs(shown(el))).to.deep.equal(['deep text', 'after']);
      el.close();
    });
  });

  describe('when the file is bad', () => {
    it('gives clear errors for a truncated, lying, encrypted or fake .doc', async () => {
      const el = await mountDialog([
        fixtureFile('office/notes-truncated.doc'),
        fixtureFile('office/notes-bad-fib.doc'),
        fixtureFile('office/notes-bad-piece.doc'),
        fixtureFile('office/notes-encrypted.doc'),
        blobFile('fake.doc', 'just some text'),
        blobFile('fake.rtf', 'not rtf at all'),
      ]);
      const damaged = 'This file is damaged or is not what its name says, so it cannot be previewed.';
      const expected = [
        'This file is incomplete (truncated), so it cannot be previewed.',
        damaged,
        damaged,
        'This document is protected (encrypted), so it cannot be previewed. Download it to open it.',
        damaged,
        damaged,
      ];
      for (const [index, message] of expected.entries()) {
        const started = performance.now();
        await openAndWait(el, index);
        expect(el.state, `file ${index}`).to.equal('error');
        expect(alertText(el), `file ${index}`).to.equal(message);
        expect(performance.now() - started).to.be.below(3000);
      }
      el.close();
    });
  });

  it('stops a read that takes longer than its time limit', async () => {
    const big = new TextEncoder().encode(`{\\rtf1\\ansi ${'\\pard Some words {\\b to read}.\\par\n'.repeat(200_000)}}`);
    // Imported here: the first test proves that nothing of it loads before a preview opens.
    const { readInWorker } = await import('../../src/preview/legacy-preview.js');
    const started = performance.now();
    let code: string | undefined;
    await readInWorker(big.buffer, new AbortController().signal, 50).catch((error: { code?: string }) => (code = error.code));
    expect(code).to.equal('timeout');
    expect(performance.now() - started).to.be.below(2000);
  });

  it('terminates the reader worker when the dialog closes mid-read', async () => {
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
      const paragraph = '\\pard The quick brown fox jumps over the lazy dog, {\\b again} and again.\\par\n';
      const big = `{\\rtf1\\ansi ${paragraph.repeat(120_000)}}`;
      const el = await mountDialog([blobFile('big.rtf', big)]);
      await el.open(0);
      await waitUntil(() => started.length > 0, 'no read was started', { timeout: 5000 });
      el.close();
      expect(terminated.has(started[0]!)).to.equal(true);
      expect(el.state).to.equal('closed');
    } finally {
      Worker.prototype.postMessage = postMessage;
      Worker.prototype.terminate = terminate;
    }
  });
});
