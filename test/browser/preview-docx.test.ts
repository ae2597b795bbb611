import { aTimeout, expect, waitUntil } from '@open-wc/testing';
import { linkedPicture, makeDocx, makeZip, paragraph, paragraphStyle, styledParagraph, xmlText } from './support/make-zip.js';
import { alertText, blobFile, clearRequestLog, fixtureFile, mountDialog, openAndWait, previewRoot, requestLog, type SessionChatPreviewDialog } from './support/preview.js';

function frame(el: SessionChatPreviewDialog): HTMLIFrameElement {
  return previewRoot(el).querySelector('iframe')!;
}

/** The document the frame shows, parsed from its srcdoc (the frame itself is opaque: no allow-same-origin). */
function shown(el: SessionChatPreviewDialog): Document {
  return new DOMParser().parseFromString(frame(el).srcdoc, 'text/html');
}

const HOSTILE_TEXT = '<script>window.__docxXss=1</script><img src=x onerror="window.__docxXss=2">';

describe('docx preview', () => {
  it('shows tables.docx with its table cells, in a sandboxed frame with a no-network CSP', async () => {
    const el = await mountDialog([fixtureFile('docx/tables.docx')]);
    await openAndWait(el);
    expect(el.state).to.equal('ready');
    const doc = shown(el);
    expect([...doc.querySelectorAll('td')].map((cell) => cell.textContent)).to.deep.equal(['Top left', 'Top right', 'Bottom left', 'Bottom right']);
    expect(doc.body.textContent).to.contain('Above').and.contain('Below');
    const iframe = frame(el);
    expect(iframe.getAttribute('sandbox')).to.not.contain('allow-scripts');
    expect(iframe.getAttribute('sandbox')).to.not.contain('allow-same-origin');
    expect(iframe.contentDocument).to.equal(null);
    expect(doc.querySelector('meta[http-equiv="Content-Security-Policy"]')!.getAttribute('content')).to.equal("default-src 'none'; style-src 'unsafe-inline'; img-src data:");
    expect(iframe.title).to.equal('Document: tables.docx');
    el.close();
  });

  it('keeps lists, footnotes, text boxes, comments, embedded pictures, a BOM part and strict OOXML', async () => {
    const names = ['simple-list', 'footnotes', 'text-box', 'comments', 'tiny-picture', 'utf8-bom', 'strict-format'];
    const el = await mountDialog(names.map((name) => fixtureFile(`docx/${name}.docx`)));
    const seen: Record<string, Document | string> = {};
    for (let i = 0; i < names.length; i++) {
      await openAndWait(el, i);
      seen[names[i]!] = el.state === 'ready' ? shown(el) : alertText(el);
    }
    const doc = (name: string) => seen[name] as Document;
    expect([...doc('simple-list').querySelectorAll('ul > li')].map((li) => li.textContent)).to.deep.equal(['Apple', 'Banana']);
    expect(doc('footnotes').querySelectorAll('ol > li').length).to.equal(2);
    expect(doc('footnotes').querySelector('a[href="#footnote-1"]')).to.not.equal(null);
    expect(doc('footnotes').body.textContent).to.contain('A tachyon walks into a bar.');
    expect(doc('text-box').body.textContent).to.contain('Datum plane');
    expect(doc('comments').body.textContent).to.contain('Ouch.');
    expect(doc('tiny-picture').querySelector('img')!.getAttribute('src')).to.match(/^data:image\/png;base64,/);
    expect(doc('utf8-bom').body.textContent).to.contain('This XML has a byte order mark.');
    expect(doc('strict-format').body.textContent).to.contain('Test');
    el.close();
  });

  it('keeps headings', async () => {
    const styles = paragraphStyle('Heading1', 'heading 1') + paragraphStyle('Heading2', 'heading 2');
    const body = styledParagraph('Heading1', 'Chapter one') + paragraph('Text.') + styledParagraph('Heading2', 'A section') + paragraph('More text.');
    const el = await mountDialog([blobFile('headings.docx', makeDocx(body, '', styles))]);
    await openAndWait(el);
    expect(el.state).to.equal('ready');
    expect(shown(el).querySelector('h1')!.textContent).to.equal('Chapter one');
    expect(shown(el).querySelector('h2')!.textContent).to.equal('A section');
    el.close();
  });

  it("shows a long document's first screen first, then the whole document in its place", async () => {
    const paragraphs = Array.from({ length: 2000 }, (_, i) => paragraph(`Paragraph ${i + 1} of a long document.`)).join('');
    const el = await mountDialog([blobFile('long.docx', makeDocx(paragraphs))]);
    await openAndWait(el);
    expect(el.state).to.equal('ready');
    expect(shown(el).body.textContent).to.contain('Paragraph 1 of a long document.');
    // The whole document replaces the first screen: one frame, on screen, with every paragraph.
    await waitUntil(() => shown(el).body.textContent!.includes('Paragraph 2000 of a long document.') && previewRoot(el).querySelectorAll('iframe').length === 1, 'the whole document was not shown', { timeout: 15000 });
    const iframe = frame(el);
    expect(iframe.hasAttribute('aria-hidden')).to.equal(false);
    expect(iframe.getAttribute('sandbox')).to.equal('allow-popups allow-popups-to-escape-sandbox');
    expect(shown(el).querySelectorAll('p').length).to.equal(2000);
    el.close();
  });

  describe('security', () => {
    it('never fetches the external picture of external-picture.docx', async () => {
      const resources: string[] = [];
      const observer = new PerformanceObserver((list) => resources.push(...list.getEntries().map((entry) => entry.name)));
      observer.observe({ type: 'resource', buffered: false });
      await clearRequestLog();
      const el = await mountDialog([fixtureFile('docx/external-picture.docx')]);
      await openAndWait(el);
      expect(el.state).to.equal('ready');
      await aTimeout(300);
      observer.disconnect();
      expect(shown(el).querySelector('img')).to.equal(null);
      expect(resources.filter((url) => url.includes('tiny-picture'))).to.deep.equal([]);
      expect((await requestLog()).filter((url) => url.includes('tiny-picture'))).to.deep.equal([]);
      el.close();
    });

    it('never fetches a picture linked to this very server', async () => {
      const external = `${location.origin}/__preview/external.png`;
      const bytes = makeDocx(
        paragraph('A picture linked from outside:') + linkedPicture('rIdExt'),
        `<Relationship Id="rIdExt" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="${external}" TargetMode="External"/>`,
      );
      await clearRequestLog();
      const el = await mountDialog([blobFile('linked.docx', bytes)]);
      await openAndWait(el);
      expect(el.state).to.equal('ready');
      await aTimeout(300);
      expect(shown(el).body.textContent).to.contain('A picture linked from outside:');
      expect(shown(el).querySelector('img')).to.equal(null);
      expect((await requestLog()).filter((url) => url.includes('/__preview/external.png'))).to.deep.equal([]);
      el.close();
    });

    it('leaves no script, event handler or javascript: URL from a hostile document', async () => {
      const win = window as unknown as { __docxXss?: number };
      const body =
        paragraph(HOSTILE_TEXT) +
        `<w:p><w:hyperlink r:id="rIdJs"><w:r><w:t>click me</w:t></w:r></w:hyperlink></w:p>` +
        `<w:p><w:hyperlink r:id="rIdData"><w:r><w:t>data link</w:t></w:r></w:hyperlink></w:p>` +
        `<w:p><w:hyperlink r:id="rIdWeb"><w:r><w:t>web link</w:t></w:r></w:hyperlink></w:p>`;
      const rels =
        `<Relationship Id="rIdJs" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="javascript:window.__docxXss=3" TargetMode="External"/>` +
        `<Relationship Id="rIdData" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="data:text/html,${xmlText('<script>parent.__docxXss=4</script>')}" TargetMode="External"/>` +
        `<Relationship Id="rIdWeb" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://example.com/" TargetMode="External"/>`;
      const el = await mountDialog([blobFile('hostile.docx', makeDocx(body, rels))]);
      await openAndWait(el);
      expect(el.state).to.equal('ready');
      const srcdoc = frame(el).srcdoc;
      const doc = shown(el);
      // The markup-looking text is text.
      expect(doc.body.textContent).to.contain(HOSTILE_TEXT);
      expect(doc.querySelectorAll('script').length).to.equal(0);
      expect(doc.body.querySelectorAll('img, iframe, object, embed, form, style').length).to.equal(0);
      for (const node of doc.querySelectorAll('*')) {
        for (const attribute of node.attributes) {
          expect(attribute.name.startsWith('on'), `${node.nodeName} has ${attribute.name}`).to.equal(false);
          expect(attribute.value.trim().toLowerCase().startsWith('javascript:'), `${node.nodeName} ${attribute.name}`).to.equal(false);
          expect(attribute.value.trim().toLowerCase().startsWith('data:text'), `${node.nodeName} ${attribute.name}`).to.equal(false);
        }
      }
      expect(srcdoc.toLowerCase()).to.not.contain('javascript:');
      const links = [...doc.querySelectorAll('a')];
      expect(links.find((a) => a.textContent === 'click me')!.hasAttribute('href')).to.equal(false);
      expect(links.find((a) => a.textContent === 'data link')!.hasAttribute('href')).to.equal(false);
      const web = links.find((a) => a.textContent === 'web link')!;
      expect(web.getAttribute('href')).to.equal('https://example.com/');
      expect(web.getAttribute('rel')).to.equal('noopener noreferrer');
      await aTimeout(200);
      expect(win.__docxXss).to.equal(undefined);
      el.close();
    });
  });

  describe('when the file is bad', () => {
    it('says a damaged file is damaged', async () => {
      const el = await mountDialog([blobFile('broken.docx', 'PK but not really a zip'), blobFile('empty-zip.docx', makeZip([{ name: 'hello.txt', data: 'hi' }]))]);
      await openAndWait(el, 0);
      expect(el.state).to.equal('error');
      expect(alertText(el)).to.equal('This file is damaged or is not what its name says, so it cannot be previewed.');
      await openAndWait(el, 1);
      expect(el.state).to.equal('error');
      expect(alertText(el)).to.equal('This file is damaged or is not what its name says, so it cannot be previewed.');
      el.close();
    });

    it('refuses zip bombs before mammoth reads them', async () => {
      const many = makeZip(Array.from({ length: 10_001 }, (_, i) => ({ name: `word/media/f${i}.bin`, data: '' })));
      const huge = makeZip([{ name: 'word/document.xml', data: 'x'.repeat(1000), declaredSize: 4_000_000_000 }]);
      const dense = makeZip([{ name: 'word/document.xml', data: 'x'.repeat(2000), declaredSize: 150_000_000, declaredCompressedSize: 2000 }]);
      const el = await mountDialog([blobFile('many.docx', many), blobFile('huge.docx', huge), blobFile('dense.docx', dense)]);
      for (const index of [0, 1, 2]) {
        const started = performance.now();
        await openAndWait(el, index);
        expect(el.state, `file ${index}`).to.equal('error');
        expect(alertText(el)).to.equal('This document expands to far more data than a real document, so it was not opened.');
        expect(performance.now() - started).to.be.below(3000);
      }
      el.close();
    });
  });

  it('terminates the converter worker when the dialog closes mid-conversion', async () => {
    // The converter may be a new worker or the one kept from the last document: watch them all.
    const busy: Worker[] = [];
    const terminated = new Set<Worker>();
    const { postMessage, terminate } = Worker.prototype;
    Worker.prototype.postMessage = function (this: Worker, ...args: Parameters<Worker['postMessage']>) {
      busy.push(this);
      return postMessage.apply(this, args as never);
    } as Worker['postMessage'];
    Worker.prototype.terminate = function (this: Worker) {
      terminated.add(this);
      return terminate.call(this);
    };
    try {
      const paragraphs = Array.from({ length: 3000 }, (_, i) => paragraph(`Paragraph ${i} with some words to convert.`)).join('');
      const el = await mountDialog([blobFile('long.docx', makeDocx(paragraphs))]);
      await el.open(0);
      await waitUntil(() => busy.length > 0, 'no conversion was started', { timeout: 5000 });
      el.close();
      expect(terminated.has(busy[0]!)).to.equal(true);
      expect(el.state).to.equal('closed');
    } finally {
      Worker.prototype.postMessage = postMessage;
      Worker.prototype.terminate = terminate;
    }
  });
});
