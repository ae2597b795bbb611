import { aTimeout, expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { a11ySnapshot, findAccessibilityNode, resetMouse, sendKeys, sendMouse, setViewport } from '@web/test-runner-commands';
import { blobFile, dialogPart, fixtureFile, loadedResources, mountDialog, openAndWait, previewRoot, requestLog, waitForSettled, type SessionChatPreviewDialog } from './support/preview.js';
import { expectAccessible } from './support/a11y.js';

interface AxNode {
  role: string;
  name: string;
  children?: AxNode[];
}

const PREVIEWER_MODULES = /pdfjs-dist|pdf-preview|pdf-worker|mammoth|docx-preview|docx-worker|papaparse|csv-preview|dompurify|virtualizer|text-preview|image-preview|media-preview|slides-preview|fflate|cfb|legacy-preview|legacy-worker|rtf-reader|doc-reader|sheet-preview|sheet-worker|sheet-grid|ods-hidden|e965\/xlsx/;

function deepActiveElement(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

function files() {
  return [fixtureFile('csv/sample-header.csv', { size: 51 }), blobFile('notes.txt', 'first line\nsecond line\n'), blobFile('archive.zip', new Uint8Array([1, 2, 3]), 'application/zip')];
}

describe('<session-chat-preview-dialog>', () => {
  afterEach(async () => {
    await setViewport({ width: 800, height: 600 });
    await resetMouse();
  });

  // First, before any test opened a preview in this page.
  it('loads no previewer module before a preview opens, and only the one it needs when it does', async () => {
    const el = await mountDialog(files());
    expect(loadedResources().filter((url) => PREVIEWER_MODULES.test(url))).to.deep.equal([]);
    await openAndWait(el, 0);
    const loaded = loadedResources().filter((url) => PREVIEWER_MODULES.test(url));
    expect(loaded.some((url) => url.includes('csv-preview'))).to.equal(true);
    expect(loaded.some((url) => url.includes('papaparse'))).to.equal(true);
    expect(loaded.some((url) => /pdfjs-dist|pdf-preview|mammoth|docx-preview|dompurify|sheet-preview|e965/.test(url))).to.equal(false);
    // The dev server saw the same: nothing of pdf.js or mammoth was requested by this page.
    const served = await requestLog();
    expect(served.some((url) => url.includes('/src/preview/csv-preview'))).to.equal(true);
    el.close();
  });

  it('passes the accessibility audit while open', async () => {
    const el = await mountDialog(files());
    await openAndWait(el, 0);
    await expectAccessible(el);
    el.close();
  });

  it('passes the accessibility audit with a pdf, a document, a text file and an image open', async () => {
    const canvas = document.createElement('canvas');
    canvas.width = 40;
    canvas.height = 30;
    const png = await new Promise<Blob>((resolve) => canvas.toBlob((blob) => resolve(blob!), 'image/png'));
    const el = await mountDialog([fixtureFile('pdf/tracemonkey.pdf'), fixtureFile('docx/tables.docx'), blobFile('notes.txt', 'one\ntwo\n'), blobFile('dot.png', png, 'image/png')]);
    for (const index of [0, 1, 2, 3]) {
      await openAndWait(el, index);
      expect(el.state, `file ${index}`).to.equal('ready');
      await expectAccessible(el);
    }
    el.close();
  });

  it('is a modal dialog named after the file, with its size, who shared it, Download and Close', async () => {
    const el = await mountDialog(files());
    await openAndWait(el, 0);
    const dialog = dialogPart(el, 'dialog') as HTMLDialogElement;
    expect(dialog.open).to.equal(true);
    expect(dialog.matches(':modal')).to.equal(true);
    const snapshot = (await a11ySnapshot({})) as unknown as AxNode;
    const node = findAccessibilityNode(snapshot as never, (n: AxNode) => n.role === 'dialog') as unknown as AxNode | null;
    expect(node?.name).to.equal('sample-header.csv');
    const names: string[] = [];
    const walk = (n: AxNode) => {
      if (n.role === 'button') names.push(n.name);
      n.children?.forEach(walk);
    };
    walk(node!);
    expect(names).to.include.members(['Previous file', 'Next file', 'Download', 'Close']);
    expect(dialogPart(el, 'title')!.textContent).to.equal('sample-header.csv');
    expect(dialogPart(el, 'meta')!.textContent).to.equal('51 bytes · Shared by Alice');
    el.close();
  });

  describe('when it closes', () => {
    it('closes on Escape and gives the focus back', async () => {
      const box = await fixture<HTMLDivElement>(html`<div><button id="opener">Open</button></div>`);
      const opener = box.querySelector('button')!;
      const el = await mountDialog(files());
      opener.focus();
      await openAndWait(el, 1);
      expect(el.shadowRoot!.contains(deepActiveElement()) || previewRoot(el).contains(deepActiveElement())).to.equal(true);
      const closed = oneEvent(el, 'chat-preview-close');
      await sendKeys({ press: 'Escape' });
      expect((await closed).detail?.file.name).to.equal('notes.txt');
      expect(el.isOpen).to.equal(false);
      expect((dialogPart(el, 'dialog') as HTMLDialogElement).open).to.equal(false);
      expect(document.activeElement).to.equal(opener);
    });

    it('closes with the Close button and with a click outside', async () => {
      const el = await mountDialog(files());
      await openAndWait(el, 1);
      dialogPart(el, 'close-button')!.click();
      expect(el.isOpen).to.equal(false);
      await openAndWait(el, 1);
      await sendMouse({ type: 'click', position: [4, 4] });
      await waitUntil(() => !el.isOpen, 'a click on the backdrop did not close the dialog', { timeout: 5000 });
    });

    it('keeps the keyboard focus inside while open', async () => {
      const box = await fixture<HTMLDivElement>(html`<div><button>Before</button><button>After</button></div>`);
      const el = await mountDialog(files());
      await openAndWait(el, 1);
      for (let i = 0; i < 12; i++) {
        await sendKeys({ press: 'Tab' });
        const active = deepActiveElement();
        expect(box.contains(active), `Tab ${i + 1} left the dialog`).to.equal(false);
      }
      el.close();
    });
  });

  describe('when moving between files', () => {
    it('shows the next and previous file with the buttons and the arrow keys', async () => {
      const el = await mountDialog(files());
      await openAndWait(el, 0);
      const changed = oneEvent(el, 'chat-preview-change');
      dialogPart(el, 'next-button')!.click();
      expect((await changed).detail.index).to.equal(1);
      await waitForSettled(el);
      expect(dialogPart(el, 'title')!.textContent).to.equal('notes.txt');
      (dialogPart(el, 'close-button') as HTMLButtonElement).focus();
      await sendKeys({ press: 'ArrowRight' });
      await waitForSettled(el);
      expect(el.index).to.equal(2);
      expect((dialogPart(el, 'next-button') as HTMLButtonElement).disabled).to.equal(true);
      await sendKeys({ press: 'ArrowLeft' });
      await waitForSettled(el);
      expect(el.index).to.equal(1);
      el.close();
    });

    it('right to left (Arabic), the arrow keys follow the mirrored buttons: ArrowLeft is next', async () => {
      const el = await mountDialog(files());
      el.setAttribute('dir', 'rtl');
      el.setAttribute('lang', 'ar');
      await openAndWait(el, 1);
      const next = dialogPart(el, 'next-button')!;
      const previous = dialogPart(el, 'previous-button')!;
      expect(next.getBoundingClientRect().left, 'next is on the left').to.be.below(previous.getBoundingClientRect().left);
      (dialogPart(el, 'close-button') as HTMLButtonElement).focus();
      await sendKeys({ press: 'ArrowLeft' });
      await waitForSettled(el);
      expect(el.index).to.equal(2);
      await sendKeys({ press: 'ArrowRight' });
      await waitForSettled(el);
      expect(el.index).to.equal(1);
      el.close();
    });

    it('ignores the arrow keys inside a text field', async () => {
      const el = await mountDialog([fixtureFile('pdf/rotation.pdf'), ...files()]);
      await openAndWait(el, 0);
      const input = previewRoot(el).querySelector<HTMLInputElement>('input[type="search"]')!;
      input.focus();
      await sendKeys({ type: 'ab' });
      await sendKeys({ press: 'ArrowLeft' });
      await sendKeys({ press: 'ArrowRight' });
      expect(el.index).to.equal(0);
      el.close();
    });
  });

  it('shows a card with type, size and Download for a file without preview', async () => {
    const el = await mountDialog(files());
    await openAndWait(el, 2);
    expect(el.state).to.equal('none');
    const card = dialogPart(el, 'card')!;
    expect(card.textContent).to.contain('There is no preview for this kind of file.');
    expect(card.textContent).to.contain('application/zip');
    expect(card.textContent).to.contain('3 bytes');
    expect(card.querySelector('button')!.textContent).to.equal('Download');
    el.close();
  });

  it('asks the host before downloading (chat-preview-download, cancelable)', async () => {
    const el = await mountDialog(files());
    await openAndWait(el, 0);
    el.addEventListener('chat-preview-download', (event) => event.preventDefault(), { once: true });
    const asked = oneEvent(el, 'chat-preview-download');
    dialogPart(el, 'download-button')!.click();
    const event = await asked;
    expect(event.detail.file.name).to.equal('sample-header.csv');
    expect(event.defaultPrevented).to.equal(true);
    el.close();
  });

  it('fits a phone-sized screen (360 px)', async () => {
    await setViewport({ width: 360, height: 640 });
    const el = await mountDialog(files());
    await openAndWait(el, 0);
    const dialog = dialogPart(el, 'dialog')!.getBoundingClientRect();
    expect(dialog.width).to.be.at.most(360);
    for (const part of ['previous-button', 'next-button', 'download-button', 'close-button']) {
      const rect = dialogPart(el, part)!.getBoundingClientRect();
      expect(rect.right, part).to.be.at.most(360);
      expect(rect.left, part).to.be.at.least(0);
      expect(rect.width, part).to.be.greaterThan(0);
    }
    el.close();
  });

  it('sends the fetchInit headers with the download', async () => {
    const el = await fixture<SessionChatPreviewDialog>(html`<session-chat-preview-dialog
      .files=${[fixtureFile('csv/sample-header.csv')]}
      .fetchInit=${{ headers: { 'X-Preview-Test': 'yes' } }}
    ></session-chat-preview-dialog>`);
    const original = window.fetch;
    let seen: Headers | null = null;
    window.fetch = (input, init) => {
      seen = new Headers(init?.headers);
      return original(input, init);
    };
    try {
      await openAndWait(el, 0);
    } finally {
      window.fetch = original;
    }
    expect(seen!.get('X-Preview-Test')).to.equal('yes');
    el.close();
    await aTimeout(0);
  });
});
