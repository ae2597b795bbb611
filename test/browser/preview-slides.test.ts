import { aTimeout, expect, waitUntil } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import { expectAccessible } from './support/a11y.js';
import { imageRel, makePptx, pictureShape, textBox } from './support/make-pptx.js';
import { alertText, blobFile, clearRequestLog, fixtureFile, loadedResources, mountDialog, openAndWait, previewRoot, requestLog, type SessionChatPreviewDialog } from './support/preview.js';

const HOSTILE_TEXT = '<script>parent.__slidesXss=1</script><img src=x onerror="parent.__slidesXss=2">';
const EXPECTED_TEXTS = [
  ['Quarterly support review', 'Prepared by the help desk team'],
  ['Agenda', 'Tickets opened and closed', 'Remote sessions per week', 'Customer satisfaction'],
  ['Picture and shapes'],
  ['Next steps', 'Hire two more technicians'],
  ['Odd text', HOSTILE_TEXT],
];
const NOTES = 'Mention the budget approval from last week.';

function canvas(el: SessionChatPreviewDialog, index: number): HTMLElement {
  return previewRoot(el).querySelector<HTMLElement>(`.canvas[data-index="${index}"]`)!;
}

/** Scrolls slide `index` into view and returns its frame once built. */
async function slideFrame(el: SessionChatPreviewDialog, index: number): Promise<HTMLIFrameElement> {
  const at = canvas(el, index);
  at.scrollIntoView({ block: 'center' });
  await waitUntil(() => at.querySelector('iframe'), `slide ${index + 1} was not built`, { timeout: 5000 });
  return at.querySelector('iframe')!;
}

/** The document a slide's frame shows, parsed from its srcdoc (the frame is opaque: no allow-same-origin). */
async function slideDoc(el: SessionChatPreviewDialog, index: number): Promise<Document> {
  return new DOMParser().parseFromString((await slideFrame(el, index)).srcdoc, 'text/html');
}

/** A slide's paragraphs as text, bullets left out, empty ones dropped. */
function texts(doc: Document): string[] {
  return [...doc.querySelectorAll('p')]
    .map((p) => [...p.childNodes].filter((node) => !(node instanceof Element && node.classList.contains('bu'))).map((node) => node.textContent).join(''))
    .filter((text) => text.trim() !== '');
}

function frames(el: SessionChatPreviewDialog): HTMLIFrameElement[] {
  return [...previewRoot(el).querySelectorAll('iframe')];
}

describe('slides preview', () => {
  // First in this file: no other test has opened a presentation in this page yet.
  it('loads no slides code before a presentation is opened, and cfb only for a .ppt', async () => {
    const modules = /slides-preview|pptx-deck|odp-deck|ppt-deck|fflate|cfb/;
    const el = await mountDialog([fixtureFile('slides/source.pptx')]);
    expect(loadedResources().filter((url) => modules.test(url))).to.deep.equal([]);
    await openAndWait(el);
    expect(loadedResources().some((url) => url.includes('slides-preview'))).to.equal(true);
    expect(loadedResources().some((url) => url.includes('fflate'))).to.equal(true);
    expect(loadedResources().filter((url) => /ppt-deck|cfb/.test(url))).to.deep.equal([]);
    el.close();
  });

  for (const name of ['source.pptx', 'source.odp', 'source.fodp']) {
    it(`shows the slides of ${name} in order, with their text, picture and shapes`, async () => {
      const el = await mountDialog([fixtureFile(`slides/${name}`)]);
      await openAndWait(el);
      expect(el.state).to.equal('ready');
      const root = previewRoot(el);
      expect(root.querySelector('.status')!.textContent).to.equal('5 slides');
      expect([...root.querySelectorAll('.label')].map((label) => label.textContent)).to.deep.equal([1, 2, 3, 4, 5].map((n) => `Slide ${n} of 5`));
      for (let i = 0; i < 5; i++) expect(texts(await slideDoc(el, i)), `slide ${i + 1}`).to.deep.equal(EXPECTED_TEXTS[i]);
      const agenda = await slideDoc(el, 1);
      expect([...agenda.querySelectorAll('.bu')].map((bullet) => bullet.textContent)).to.deep.equal(['•', '•', '•']);
      const picture = await slideDoc(el, 2);
      expect(picture.querySelector('img')!.getAttribute('src')).to.match(/^data:image\/png;base64,iVBOR/);
      const styles = [...picture.querySelectorAll<HTMLElement>('div.s')].map((div) => div.getAttribute('style') ?? '');
      expect(styles.some((style) => style.includes('background:#3465a4') && !style.includes('border-radius'))).to.equal(true);
      expect(styles.some((style) => style.includes('background:#ff8000') && style.includes('border-radius:50%'))).to.equal(true);
      const frame = await slideFrame(el, 2);
      expect(frame.getAttribute('sandbox')).to.equal('allow-popups allow-popups-to-escape-sandbox');
      expect(frame.contentDocument).to.equal(null);
      expect(frame.title).to.equal('Slide 3 of 5');
      expect(picture.querySelector('meta[http-equiv="Content-Security-Policy"]')!.getAttribute('content')).to.equal("default-src 'none'; style-src 'unsafe-inline'; img-src data:");
      el.close();
    });
  }

  it('passes the accessibility audit, and the keyboard scrolls the slides', async () => {
    const el = await mountDialog([fixtureFile('slides/source.pptx')]);
    await openAndWait(el);
    await expectAccessible(el);
    const scroller = previewRoot(el).querySelector<HTMLElement>('.scroller')!;
    expect(scroller.getAttribute('aria-label')).to.equal('Document: source.pptx');
    scroller.focus();
    await sendKeys({ press: 'End' });
    await waitUntil(() => scroller.scrollTop > 0, 'End did not scroll the slides');
    await waitUntil(() => canvas(el, 4).querySelector('iframe'), 'the last slide was not built');
    el.close();
  });

  it('fits a 360 px screen, right to left too: each slide as wide as the list, in its own aspect', async () => {
    await setViewport({ width: 360, height: 640 });
    document.documentElement.dir = 'rtl';
    try {
      const el = await mountDialog([fixtureFile('slides/source.pptx')]);
      await openAndWait(el);
      const scroller = previewRoot(el).querySelector<HTMLElement>('.scroller')!;
      const toggle = previewRoot(el).querySelector<HTMLElement>('.notes-toggle')!.getBoundingClientRect();
      expect(toggle.left).to.be.at.least(0);
      expect(toggle.right).to.be.at.most(360);
      expect(scroller.scrollWidth).to.be.at.most(scroller.clientWidth);
      const slide = canvas(el, 0).getBoundingClientRect();
      expect(slide.width).to.be.within(250, 360);
      // source.pptx is 28 x 15.75 cm.
      expect(slide.width / slide.height).to.be.closeTo(28 / 15.75, 0.02);
      el.close();
    } finally {
      document.documentElement.dir = '';
      await setViewport({ width: 800, height: 600 });
    }
  });

  it('places a placeholder without a position where its layout has it', async () => {
    const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
    const NS = 'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
    const placeholder = (type: string, text: string, position = '') =>
      `<p:sp><p:nvSpPr><p:cNvPr id="2" name="ph"/><p:cNvSpPr/><p:nvPr><p:ph type="${type}"/></p:nvPr></p:nvSpPr><p:spPr>${position}</p:spPr><p:txBody><a:bodyPr/><a:p><a:r><a:t>${text}</a:t></a:r></a:p></p:txBody></p:sp>`;
    const layout = `<?xml version="1.0" encoding="UTF-8"?><p:sldLayout ${NS}><p:cSld><p:spTree>${placeholder('title', 'Click to edit the title', '<a:xfrm><a:off x="914400" y="457200"/><a:ext cx="4572000" cy="914400"/></a:xfrm>')}</p:spTree></p:cSld></p:sldLayout>`;
    const bytes = makePptx([
      {
        shapes: placeholder('title', 'Inherited title'),
        rels: `<Relationship Id="rIdL" Type="${REL}/slideLayout" Target="../slideLayouts/slideLayout1.xml"/>`,
        parts: [{ name: 'ppt/slideLayouts/slideLayout1.xml', data: layout }],
      },
    ]);
    const el = await mountDialog([blobFile('layout.pptx', bytes)]);
    await openAndWait(el);
    const doc = await slideDoc(el, 0);
    // The layout's prompt text is not shown; the slide's title sits where the layout's is (9,144,000 x 5,143,500 EMU).
    expect(texts(doc)).to.deep.equal(['Inherited title']);
    expect(doc.querySelector('div.s')!.getAttribute('style')).to.contain('left:10%;top:8.889%;width:50%;height:17.778%;');
    el.close();
  });

  it('shows the slides of a legacy .ppt as text only, and says so', async () => {
    const el = await mountDialog([fixtureFile('slides/source.ppt')]);
    await openAndWait(el);
    expect(el.state).to.equal('ready');
    const root = previewRoot(el);
    expect(root.querySelector('.notice')!.textContent).to.equal('This is an older PowerPoint file: only the text of its slides is shown.');
    expect(root.querySelector('.status')!.textContent).to.equal('5 slides');
    for (let i = 0; i < 5; i++) expect(texts(await slideDoc(el, i)), `slide ${i + 1}`).to.deep.equal(EXPECTED_TEXTS[i]);
    expect(loadedResources().some((url) => /cfb/.test(url))).to.equal(true);
    el.close();
  });

  it('shows speaker notes on request, as text under each slide', async () => {
    const el = await mountDialog(['pptx', 'odp', 'fodp', 'ppt'].map((ext) => fixtureFile(`slides/source.${ext}`)));
    for (const index of [0, 1, 2, 3]) {
      await openAndWait(el, index);
      const root = previewRoot(el);
      expect(root.querySelector('.notes')).to.equal(null);
      const toggle = root.querySelector<HTMLButtonElement>('.notes-toggle')!;
      expect(toggle.textContent!.trim()).to.equal('Show speaker notes');
      toggle.click();
      await slideFrame(el, 3);
      await waitUntil(() => root.querySelectorAll('.slide')[3]!.querySelector('.notes'), 'no notes were shown');
      expect(toggle.textContent!.trim()).to.equal('Hide speaker notes');
      expect(root.querySelectorAll('.slide')[3]!.querySelector('.notes p')!.textContent).to.equal(NOTES);
      await slideFrame(el, 0);
      await waitUntil(() => root.querySelectorAll('.slide')[0]!.querySelector('.notes'));
      expect(root.querySelectorAll('.slide')[0]!.querySelector('.notes .none')!.textContent).to.equal('No speaker notes');
      toggle.click();
      await el.updateComplete;
      expect(root.querySelector('.notes')).to.equal(null);
      expect(toggle.textContent!.trim()).to.equal('Show speaker notes');
    }
    el.close();
  });

  it('draws lines and rounded rectangles, and a box where an EMF picture was', async () => {
    const shape = (prst: string, x: number, fill: string) =>
      `<p:sp><p:nvSpPr><p:cNvPr id="5" name="s"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr><p:spPr><a:xfrm><a:off x="${x}" y="3800000"/><a:ext cx="1500000" cy="900000"/></a:xfrm><a:prstGeom prst="${prst}"><a:avLst/></a:prstGeom><a:solidFill><a:srgbClr val="${fill}"/></a:solidFill><a:ln w="25400"><a:solidFill><a:srgbClr val="112233"/></a:solidFill></a:ln></p:spPr></p:sp>`;
    const emf = new Uint8Array([1, 0, 0, 0, 0x6c, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    const bytes = makePptx([
      {
        shapes: textBox('Shapes') + pictureShape('r:embed="rIdEmf"') + shape('roundRect', 4_000_000, 'aa0000') + shape('line', 6_000_000, 'ffffff'),
        rels: imageRel('rIdEmf', '../media/image1.emf'),
        parts: [{ name: 'ppt/media/image1.emf', data: emf }],
      },
    ]);
    const el = await mountDialog([blobFile('shapes.pptx', bytes)]);
    await openAndWait(el);
    const doc = await slideDoc(el, 0);
    expect(doc.querySelectorAll('img').length).to.equal(0);
    expect([...doc.querySelectorAll('.missing')].map((box) => box.textContent)).to.deep.equal(['Picture not shown']);
    const round = [...doc.querySelectorAll('div.s')].find((div) => div.getAttribute('style')!.includes('background:#aa0000'))!;
    expect(round.getAttribute('style')).to.match(/border-radius:[\d.]+vw/).and.contain('solid #112233');
    expect(doc.querySelector('.ln')!.getAttribute('style')).to.contain('border-top:').and.contain('#112233').and.match(/rotate\(30\.9\d*deg\)/);
    el.close();
  });

  describe('security', () => {
    it('shows script-looking text as text: nothing runs, no handler is left', async () => {
      const win = window as unknown as { __slidesXss?: number };
      const el = await mountDialog([fixtureFile('slides/source.pptx')]);
      await openAndWait(el);
      const doc = await slideDoc(el, 4);
      expect(texts(doc)).to.include(HOSTILE_TEXT);
      expect(doc.querySelectorAll('script').length).to.equal(0);
      expect(doc.body.querySelectorAll('img, iframe, object, embed, form, style').length).to.equal(0);
      for (const node of doc.querySelectorAll('*')) {
        for (const attribute of node.attributes) expect(attribute.name.startsWith('on'), `${node.nodeName} has ${attribute.name}`).to.equal(false);
      }
      await aTimeout(200);
      expect(win.__slidesXss).to.equal(undefined);
      el.close();
    });

    it('never fetches the linked pictures of external-picture.pptx: placeholders instead', async () => {
      const resources: string[] = [];
      const observer = new PerformanceObserver((list) => resources.push(...list.getEntries().map((entry) => entry.name)));
      observer.observe({ type: 'resource', buffered: false });
      const el = await mountDialog([fixtureFile('slides/external-picture.pptx')]);
      await openAndWait(el);
      expect(el.state).to.equal('ready');
      const doc = await slideDoc(el, 0);
      await aTimeout(300);
      observer.disconnect();
      expect(doc.querySelectorAll('img').length).to.equal(0);
      expect([...doc.querySelectorAll('.missing')].map((box) => box.textContent)).to.deep.equal(['Linked picture, not loaded', 'Linked picture, not loaded']);
      expect((await slideFrame(el, 0)).srcdoc).to.not.contain('127.0.0.1:9');
      expect(resources.filter((url) => url.includes(':9/'))).to.deep.equal([]);
      el.close();
    });

    it('never fetches a picture linked to this very server', async () => {
      const external = `${location.origin}/__preview/external.png`;
      const bytes = makePptx([{ shapes: textBox('Linked here') + pictureShape('r:link="rIdA"') + pictureShape('r:embed="rIdB"', 4_500_000), rels: imageRel('rIdA', external, true) + imageRel('rIdB', external, true) }]);
      await clearRequestLog();
      const el = await mountDialog([blobFile('linked.pptx', bytes)]);
      await openAndWait(el);
      expect(el.state).to.equal('ready');
      const doc = await slideDoc(el, 0);
      await aTimeout(300);
      expect(texts(doc)).to.include('Linked here');
      expect(doc.querySelectorAll('img').length).to.equal(0);
      expect(doc.querySelectorAll('.missing').length).to.equal(2);
      expect((await requestLog()).filter((url) => url.includes('/__preview/external.png'))).to.deep.equal([]);
      el.close();
    });

    it('never fetches an OpenDocument picture linked from outside', async () => {
      const local = `${location.origin}/__preview/external.png`;
      const image = (href: string, x: number) =>
        `<draw:frame svg:x="${x}cm" svg:y="2cm" svg:width="6cm" svg:height="4cm"><draw:image xlink:href="${href}" xlink:type="simple"/></draw:frame>`;
      const fodp =
        `<?xml version="1.0" encoding="UTF-8"?><office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" xmlns:xlink="http://www.w3.org/1999/xlink" office:mimetype="application/vnd.oasis.opendocument.presentation"><office:body><office:presentation>` +
        `<draw:page draw:name="one"><draw:frame svg:x="1cm" svg:y="0.5cm" svg:width="20cm" svg:height="1cm"><draw:text-box><text:p>Linked pictures</text:p></draw:text-box></draw:frame>${image('http://127.0.0.1:9/x.png', 1)}${image(local, 8)}${image('../outside.png', 15)}</draw:page>` +
        `</office:presentation></office:body></office:document>`;
      await clearRequestLog();
      const el = await mountDialog([blobFile('linked.fodp', fodp)]);
      await openAndWait(el);
      expect(el.state).to.equal('ready');
      const doc = await slideDoc(el, 0);
      await aTimeout(300);
      expect(texts(doc)).to.deep.equal(['Linked pictures']);
      expect(doc.querySelectorAll('img').length).to.equal(0);
      expect([...doc.querySelectorAll('.missing')].map((box) => box.textContent)).to.deep.equal(Array(3).fill('Linked picture, not loaded'));
      expect((await requestLog()).filter((url) => url.includes('/__preview/external.png') || url.includes('outside.png'))).to.deep.equal([]);
      el.close();
    });

    it('refuses a zip bomb before inflating it, with a clear message', async () => {
      const el = await mountDialog([fixtureFile('slides/zip-bomb.pptx')]);
      const started = performance.now();
      await openAndWait(el);
      expect(el.state).to.equal('error');
      expect(alertText(el)).to.equal('This document expands to far more data than a real document, so it was not opened.');
      expect(performance.now() - started).to.be.below(3000);
      el.close();
    });

    it('says a damaged file is damaged', async () => {
      const el = await mountDialog([blobFile('broken.pptx', 'PK but no zip'), blobFile('nothing.odp', 'plain words')]);
      for (const index of [0, 1]) {
        await openAndWait(el, index);
        expect(el.state).to.equal('error');
        expect(alertText(el)).to.equal('This file is damaged or is not what its name says, so it cannot be previewed.');
      }
      el.close();
    });
  });

  describe('when the deck is long', () => {
    const deck = (count: number) => makePptx(Array.from({ length: count }, (_, i) => ({ shapes: textBox(`Slide text ${i + 1}`) })));

    it('builds only the slides near the view, and the others as they are scrolled to', async () => {
      const el = await mountDialog([blobFile('long.pptx', deck(60))]);
      await openAndWait(el);
      expect(el.state).to.equal('ready');
      expect(previewRoot(el).querySelectorAll('.slide').length).to.equal(60);
      await aTimeout(200);
      expect(frames(el).length).to.be.within(1, 12);
      expect(texts(await slideDoc(el, 59))).to.deep.equal(['Slide text 60']);
      // Far from the view again: the first slides were released.
      await waitUntil(() => !canvas(el, 0).querySelector('iframe'), 'the first slide was kept');
      el.close();
    });

    it('lists at most 500 slides and says so', async () => {
      const el = await mountDialog([blobFile('huge.pptx', deck(503))]);
      await openAndWait(el);
      const root = previewRoot(el);
      expect(root.querySelectorAll('.slide').length).to.equal(500);
      expect(root.querySelector('.status')!.textContent).to.equal('503 slides');
      expect(root.querySelector('.notice')!.textContent).to.equal('Showing the first 500 of 503 slides. Download the file to see all of them.');
      el.close();
    });

    it('stops building slides and frees them when the dialog closes', async () => {
      const el = await mountDialog([blobFile('long.pptx', deck(200))]);
      await openAndWait(el);
      const parse = DOMParser.prototype.parseFromString;
      let parsed = 0;
      DOMParser.prototype.parseFromString = function (this: DOMParser, ...args: Parameters<DOMParser['parseFromString']>) {
        parsed += 1;
        return parse.apply(this, args);
      } as DOMParser['parseFromString'];
      try {
        canvas(el, 100).scrollIntoView();
        el.close();
        await aTimeout(300);
        expect(parsed).to.equal(0);
        expect(el.state).to.equal('closed');
        expect(el.shadowRoot!.querySelectorAll('iframe').length).to.equal(0);
      } finally {
        DOMParser.prototype.parseFromString = parse;
      }
    });
  });

});
