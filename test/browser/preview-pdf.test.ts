import { aTimeout, expect, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { makePdf } from './support/make-pdf.js';
import { alertText, blobFile, fixtureFile, mountDialog, openAndWait, previewRoot, type SessionChatPreviewDialog } from './support/preview.js';

function pages(el: SessionChatPreviewDialog): HTMLElement[] {
  return [...previewRoot(el).querySelectorAll<HTMLElement>('.page')];
}

function pageStatus(el: SessionChatPreviewDialog): string {
  return previewRoot(el).querySelector('.status')!.textContent!.trim();
}

function textLayer(page: HTMLElement | undefined): string {
  return page?.querySelector('.textLayer')?.textContent ?? '';
}

async function fetchBytes(path: string): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await (await fetch(`/__fixtures/${path}`)).arrayBuffer());
}

describe('pdf preview', () => {
  it('renders page 1 of tracemonkey.pdf with selectable text, placeholders for the others, and "Page 1 of 14"', async () => {
    const el = await mountDialog([fixtureFile('pdf/tracemonkey.pdf')]);
    await openAndWait(el);
    expect(el.state).to.equal('ready');
    expect(pageStatus(el)).to.equal('Page 1 of 14');
    const all = pages(el);
    expect(all.length).to.equal(14);
    expect(all[0]!.querySelector('canvas')).to.not.equal(null);
    await waitUntil(() => textLayer(all[0]).includes('Trace-based'), 'page 1 has no text layer with "Trace-based"', { timeout: 10000 });
    expect(textLayer(all[0])).to.contain('Just-in-Time Type Specialization');
    // Pages far below are placeholders, sized like page 1, with nothing rendered.
    expect(all[13]!.querySelector('canvas')).to.equal(null);
    expect(all[13]!.style.height).to.equal(all[0]!.style.height);
    // Scrolling to the end renders the last page and updates the page number.
    const scroller = previewRoot(el).querySelector<HTMLElement>('.scroller')!;
    scroller.scrollTop = scroller.scrollHeight;
    await waitUntil(() => all[13]!.querySelector('canvas') !== null, 'the last page did not render after scrolling', { timeout: 10000 });
    await waitUntil(() => pageStatus(el) === 'Page 14 of 14', `the page number stayed "${pageStatus(el)}"`, { timeout: 5000 });
    // Pages scrolled far away are released.
    await waitUntil(() => all[0]!.querySelector('canvas') === null, 'page 1 kept its canvas far out of view', { timeout: 5000 });
    el.close();
  });

  it('zooms in, out and back to the width', async () => {
    const el = await mountDialog([fixtureFile('pdf/tracemonkey.pdf')]);
    await openAndWait(el);
    const page = pages(el)[0]!;
    const fitted = page.getBoundingClientRect().width;
    const button = (name: string) => previewRoot(el).querySelector<HTMLButtonElement>(`button[aria-label="${name}"]`) ?? [...previewRoot(el).querySelectorAll('button')].find((b) => b.textContent === name)!;
    button('Zoom in').click();
    await waitUntil(() => page.getBoundingClientRect().width > fitted * 1.2, `waited for: () => page.getBoundingClientRect().width > fitted * 1.2`, { timeout: 5000 });
    button('Zoom out').click();
    button('Zoom out').click();
    await waitUntil(() => page.getBoundingClientRect().width < fitted, `waited for: () => page.getBoundingClientRect().width < fitted`, { timeout: 5000 });
    button('Fit width').click();
    await waitUntil(() => Math.abs(page.getBoundingClientRect().width - fitted) < 2, `waited for: () => Math.abs(page.getBoundingClientRect().width - fitted) < 2`, { timeout: 5000 });
    el.close();
  });

  it('finds text in the document, counts and highlights the matches, and steps through them', async () => {
    const el = await mountDialog([fixtureFile('pdf/tracemonkey.pdf')]);
    await openAndWait(el);
    const input = previewRoot(el).querySelector<HTMLInputElement>('input[type="search"]')!;
    input.focus();
    await sendKeys({ type: 'trace' });
    await sendKeys({ press: 'Enter' });
    const findStatus = () => previewRoot(el).querySelector<HTMLElement>('.find-status')!;
    await waitUntil(() => findStatus().dataset['searching'] === 'false' && /^1 of \d+$/.test(findStatus().textContent!.trim()), `find status "${findStatus().textContent}"`, { timeout: 15000 });
    const total = Number(findStatus().dataset['matches']);
    expect(total).to.be.greaterThan(5);
    await waitUntil(() => previewRoot(el).querySelector('.highlight.selected') !== null, 'the current match is not highlighted', { timeout: 10000 });
    expect(previewRoot(el).querySelector('.highlight.selected')!.textContent!.toLowerCase()).to.equal('trace');
    previewRoot(el).querySelector<HTMLButtonElement>('button[aria-label="Next match"]')!.click();
    await waitUntil(() => findStatus().textContent!.trim().startsWith('2 of '), `waited for: () => findStatus().textContent!.trim().startsWith('2 of ')`, { timeout: 5000 });
    previewRoot(el).querySelector<HTMLButtonElement>('button[aria-label="Previous match"]')!.click();
    previewRoot(el).querySelector<HTMLButtonElement>('button[aria-label="Previous match"]')!.click();
    await waitUntil(() => findStatus().textContent!.trim() === `${total} of ${total}`, `waited for: () => findStatus().textContent!.trim() === {total} of {total}`, { timeout: 5000 });
    el.close();
  });

  it('opens a 500-page file by rendering page 1 only', async () => {
    const bytes = makePdf({ pages: 500 });
    const el = await mountDialog([blobFile('long.pdf', bytes)]);
    await openAndWait(el);
    expect(pageStatus(el)).to.equal('Page 1 of 500');
    await aTimeout(200);
    const rendered = pages(el).filter((page) => page.querySelector('canvas'));
    expect(rendered.length).to.be.at.most(4);
    await waitUntil(() => textLayer(pages(el)[0]).includes('Page 1 of a generated document.'), `waited for: () => textLayer(pages(el)[0]).includes('Page 1 of a generated document.')`, { timeout: 5000 });
    el.close();
  });

  it('shows rotated pages and mixed page sizes', async () => {
    const el = await mountDialog([fixtureFile('pdf/sizes.pdf'), fixtureFile('pdf/rotation.pdf'), fixtureFile('pdf/asciihexdecode.pdf')]);
    for (const index of [0, 1, 2]) {
      await openAndWait(el, index);
      expect(el.state, `file ${index}`).to.equal('ready');
      expect(pages(el)[0]!.querySelector('canvas')).to.not.equal(null);
    }
    el.close();
  });

  it('runs no script of js-buttons.pdf', async () => {
    const win = window as unknown as { __pdfScript?: boolean };
    const originals = { alert: window.alert, confirm: window.confirm, prompt: window.prompt, open: window.open, print: window.print };
    let called = '';
    window.alert = () => void (called += 'alert');
    window.confirm = () => ((called += 'confirm'), false);
    window.prompt = () => ((called += 'prompt'), null);
    window.open = () => ((called += 'open'), null);
    window.print = () => void (called += 'print');
    try {
      const el = await mountDialog([fixtureFile('pdf/js-buttons.pdf')]);
      await openAndWait(el);
      expect(el.state).to.equal('ready');
      await aTimeout(500);
      // No annotation layer: no buttons, links or form fields from the document in the DOM.
      expect(previewRoot(el).querySelector('.pages a, .pages input, .pages button, .pages section, .pages select')).to.equal(null);
      for (const span of previewRoot(el).querySelectorAll<HTMLElement>('.textLayer span')) span.click();
      await aTimeout(200);
      el.close();
    } finally {
      Object.assign(window, originals);
    }
    expect(called).to.equal('');
    expect(win.__pdfScript).to.equal(undefined);
  });

  describe('when the file is bad', () => {
    it('says a password-protected PDF is protected', async () => {
      const el = await mountDialog([blobFile('secret.pdf', makePdf({ pages: 2, encrypted: true }))]);
      await openAndWait(el);
      expect(el.state).to.equal('error');
      expect(alertText(el)).to.equal('This PDF is protected by a password. Download it to open it.');
    });

    it('says a file that is not a PDF is damaged', async () => {
      const el = await mountDialog([blobFile('broken.pdf', 'this is not a pdf at all, just text pretending to be one')]);
      await openAndWait(el);
      expect(el.state).to.equal('error');
      expect(alertText(el)).to.equal('This file is damaged or is not what its name says, so it cannot be previewed.');
    });

    it('says a truncated PDF is incomplete', async () => {
      const whole = await fetchBytes('pdf/tracemonkey.pdf');
      const el = await mountDialog([blobFile('cut.pdf', whole.slice(0, Math.floor(whole.length * 0.4))), blobFile('stub.pdf', whole.slice(0, 300))]);
      for (const index of [0, 1]) {
        await openAndWait(el, index);
        expect(el.state, `file ${index}`).to.equal('error');
        expect(alertText(el)).to.equal('This file is incomplete (truncated), so it cannot be previewed.');
      }
      el.close();
    });

    it('shows what a truncated PDF still has, and says it looks truncated', async () => {
      // Cut after the trailer (no startxref, no %%EOF): pdf.js rebuilds the cross-references from the objects it finds.
      const whole = makePdf({ pages: 10 });
      const text = new TextDecoder('latin1').decode(whole);
      const cut = whole.slice(0, text.indexOf('startxref'));
      const el = await mountDialog([blobFile('cut-classic.pdf', cut)]);
      await openAndWait(el);
      expect(el.state).to.equal('ready');
      expect(previewRoot(el).querySelector('[role="alert"]')!.textContent).to.equal('This file looks truncated: some pages may be missing or blank.');
      el.close();
    });
  });
});
