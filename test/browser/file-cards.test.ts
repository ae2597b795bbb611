import { expect, waitUntil } from '@open-wc/testing';
import { a11ySnapshot, emulateMedia, findAccessibilityNode, sendKeys } from '@web/test-runner-commands';
import '../../src/index.js';
import { deepActiveElement, dialogButton, expectFocusOn, openDeleteDialog } from './support/message-actions.js';
import {
  cardControl,
  cardText,
  fileCards,
  fixtureFile,
  pick,
  pixelOf,
  previewDialog,
  transparentPng,
  uploadsOf,
  waitForCard,
} from './support/files.js';
import { fileTestParticipants, mountChat, nextShare } from './support/file-chat.js';
import type { AxNode } from './support/a11y-tree.js';
import { newSessionId } from './support/relay.js';
import { expectAccessible } from './support/a11y.js';

// The cards of shared files: their preview, thumbnails, deletion and names; sharing itself is in file-sharing.test.ts.

// The page loads hundreds of modules unbundled: the default 250 resource timing entries would fill
// before the lazy parts these tests look for.
performance.setResourceTimingBufferSize(100_000);

describe('file sharing in <session-chat>', () => {
  const { other, hold } = fileTestParticipants();

  // First, before anything in this page loaded the dialog.
  it('opens the preview dialog lazily from "Preview NAME", named after the file, and gives the focus back', async () => {
    const session = newSessionId();
    const alice = await other(session);
    const file = await fixtureFile('csv/acm-publications.csv');
    await alice.shareFiles([file])[0]!.done;
    const el = await mountChat(session);
    const card = await waitForCard(el, 'acm-publications.csv');
    const dialogLoaded = () => performance.getEntriesByType('resource').some((entry) => entry.name.includes('session-chat-preview-dialog'));
    // (Booleans: chai would walk a whole element class in its failure message.)
    expect(customElements.get('session-chat-preview-dialog') === undefined, 'dialog registered before use').to.equal(true);
    expect(dialogLoaded(), 'dialog module fetched before use').to.equal(false);

    const button = cardControl<HTMLButtonElement>(card, 'Preview acm-publications.csv')!;
    expect(button, 'Preview button').to.exist;
    button.focus();
    button.click();
    await waitUntil(() => previewDialog(el)?.isOpen, 'the preview did not open', { timeout: 10000 });
    const dialog = previewDialog(el)!;
    expect(dialogLoaded()).to.equal(true);
    expect(dialog.file?.name).to.equal('acm-publications.csv');
    expect(dialog.file?.sharedBy).to.equal('Alice');
    expect(dialog.file?.url).to.equal(el.client!.fileUrl(dialog.file!.id));
    const snapshot = (await a11ySnapshot({})) as unknown as AxNode;
    const node = findAccessibilityNode(snapshot as never, (n: AxNode) => n.role === 'dialog') as unknown as AxNode | null;
    expect(node?.name).to.equal('acm-publications.csv');
    await waitUntil(() => dialog.state === 'ready' || dialog.state === 'error', 'the preview did not settle', { timeout: 15000 });
    expect(dialog.state).to.equal('ready');
    await expectAccessible(el);

    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !dialog.isOpen, 'the dialog did not close');
    expectFocusOn(button, 'after closing the preview');
  });

  it('walks the session’s previewable files in the dialog, newest shares included when it opens again', async () => {
    const session = newSessionId();
    const alice = await other(session);
    await alice.shareFiles([await fixtureFile('csv/sample-header.csv')])[0]!.done;
    await alice.shareFiles([new File([new Uint8Array([1, 2, 3])], 'data.bin', { type: 'application/octet-stream' })])[0]!.done;
    await alice.shareFiles([await fixtureFile('docx/tables.docx')])[0]!.done;
    const el = await mountChat(session);
    const card = await waitForCard(el, 'tables.docx');
    // A file no previewer shows has no Preview button.
    expect(cardControl(await waitForCard(el, 'data.bin'), 'Preview data.bin')).to.equal(null);
    cardControl<HTMLButtonElement>(card, 'Preview tables.docx')!.click();
    await waitUntil(() => previewDialog(el)?.isOpen, 'the preview did not open', { timeout: 10000 });
    const dialog = previewDialog(el)!;
    expect(dialog.files.map((f) => f.name)).to.deep.equal(['sample-header.csv', 'tables.docx']);
    expect(dialog.index).to.equal(1);
    dialog.close();
  });

  it('makes a thumbnail that keeps a transparent PNG transparent, shows it and previews the image from it', async () => {
    const session = newSessionId();
    const alice = await other(session);
    const el = await mountChat(session);
    pick(el, [await transparentPng(640, 480)]);
    const shared = await nextShare(alice);
    const thumbnail = shared.file.thumbnail!;
    expect(thumbnail.startsWith('data:image/webp;base64,'), thumbnail.slice(0, 30)).to.equal(true);
    const transparent = await pixelOf(thumbnail, (w) => w / 4, (h) => h / 2);
    expect(transparent[3], `alpha of the transparent half (${transparent})`).to.equal(0);
    const red = await pixelOf(thumbnail, (w) => (3 * w) / 4, (h) => h / 2);
    expect(red[0]).to.be.greaterThan(200);
    expect(red[3]).to.equal(255);
    const size = await new Promise<number[]>((resolve) => {
      const image = new Image();
      image.onload = () => resolve([image.naturalWidth, image.naturalHeight]);
      image.src = thumbnail;
    });
    expect(size).to.deep.equal([320, 240]);

    const card = await waitForCard(el, 'half-transparent.png');
    const img = card.shadowRoot!.querySelector<HTMLImageElement>('[part~="thumbnail"]')!;
    expect(img.getAttribute('src')).to.equal(thumbnail);
    img.click();
    await waitUntil(() => previewDialog(el)?.isOpen, 'the image did not open', { timeout: 10000 });
    const dialog = previewDialog(el)!;
    expect(dialog.file?.name).to.equal('half-transparent.png');
    await waitUntil(() => dialog.state === 'ready', `the image preview is "${dialog.state}"`, { timeout: 10000 });
    dialog.close();
  });

  it('draws a JPEG thumbnail over a light checkerboard where the browser cannot encode WebP', async () => {
    const { makeThumbnail } = await import('../../src/components/files/thumbnails.js');
    const proto = HTMLCanvasElement.prototype;
    const { toBlob } = proto;
    // A browser without a WebP encoder hands back PNG for 'image/webp'.
    proto.toBlob = function (this: HTMLCanvasElement, callback: BlobCallback, type?: string, quality?: number) {
      return toBlob.call(this, callback, type === 'image/webp' ? 'image/png' : type, quality);
    };
    try {
      const thumbnail = (await makeThumbnail(await transparentPng(64, 48)))!;
      expect(thumbnail.startsWith('data:image/jpeg;base64,'), thumbnail.slice(0, 30)).to.equal(true);
      const [r, g, b] = await pixelOf(thumbnail, (w) => w / 4, (h) => h / 2);
      expect(Math.min(r!, g!, b!), 'the transparent half is light, not black').to.be.greaterThan(180);
    } finally {
      proto.toBlob = toBlob;
    }
    // Not an image: no thumbnail.
    expect(await makeThumbnail(new Blob(['%PDF-1.4'], { type: 'application/pdf' }))).to.equal(undefined);
  });

  it('deletes a file after confirmation: "File removed" on both sides, and its download URL answers 404', async () => {
    const session = newSessionId();
    const bob = await mountChat(session);
    const alice = await mountChat(session, { role: 'technician', name: 'Alice' });
    pick(bob, [await fixtureFile('csv/acm-publications.csv')]);
    const card = await waitForCard(bob, 'acm-publications.csv');
    const href = cardControl<HTMLAnchorElement>(card, 'Download acm-publications.csv')!.href;
    expect((await fetch(href)).status).to.equal(200);

    const remove = cardControl<HTMLButtonElement>(card, 'Delete acm-publications.csv')!;
    remove.focus();
    remove.click();
    const dialog = await openDeleteDialog(bob);
    expect(dialog.querySelector('#question')!.textContent).to.equal('Delete this file for everyone?');
    dialogButton(dialog, 'Cancel');
    await expectAccessible(bob);
    dialogButton(dialog, 'Yes, delete').click();

    for (const el of [bob, alice]) {
      await waitUntil(() => fileCards(el).some((c) => cardText(c).includes('File removed')), 'no "File removed"', { timeout: 10000 });
      const removed = fileCards(el).find((c) => cardText(c).includes('File removed'))!;
      await removed.updateComplete;
      expect(cardText(removed)).to.contain('acm-publications.csv');
      expect(cardText(removed)).to.match(/File removed · by Bob, \d/);
      expect(cardControl(removed, 'Download acm-publications.csv')).to.equal(null);
      expect(cardControl(removed, 'Delete acm-publications.csv')).to.equal(null);
      expect(cardControl(removed, 'Preview acm-publications.csv')).to.equal(null);
    }
    expect((await fetch(href)).status).to.equal(404);
    expect(deepActiveElement()).to.not.equal(document.body);
    await expectAccessible(alice);
  });

  // Issue 14 changed this on purpose: a long name used to be ellipsized; it now wraps and shows in full.
  it('shows a long name in full (wrapped, never ellipsized) with the full name in its title, as text', async () => {
    const session = newSessionId();
    const alice = await other(session);
    const name = `${'<b>very</b> long name '.repeat(8)}.txt`;
    await alice.shareFiles([new File(['x'], name, { type: 'text/plain' })])[0]!.done;
    const el = await mountChat(session);
    const card = await waitForCard(el, name);
    const shown = card.shadowRoot!.querySelector<HTMLElement>('[part~="name"]')!;
    expect(shown.textContent).to.equal(name);
    expect(shown.title).to.equal(name);
    expect(shown.querySelector('b')).to.equal(null);
    expect(getComputedStyle(shown).textOverflow).to.not.equal('ellipsis');
    expect(shown.scrollWidth).to.be.at.most(shown.clientWidth);
    // 180 characters on a phone-sized card: more than two lines of text.
    expect(shown.getBoundingClientRect().height, 'the name wraps onto several lines').to.be.above(2 * parseFloat(getComputedStyle(shown).lineHeight));
    expect(card.getBoundingClientRect().right).to.be.at.most(el.getBoundingClientRect().right);
  });

  it('passes the accessibility audit in the dark theme with a card, a thumbnail and an upload in progress', async () => {
    const session = newSessionId();
    const alice = await other(session);
    await alice.shareFiles([await fixtureFile('pdf/tracemonkey.pdf')])[0]!.done;
    const el = await mountChat(session);
    await waitForCard(el, 'tracemonkey.pdf');
    pick(el, [await transparentPng(200, 100)]);
    await waitForCard(el, 'half-transparent.png');
    hold(0);
    pick(el, [await fixtureFile('docx/tables.docx')]);
    await waitUntil(() => uploadsOf(el)?.shadowRoot?.querySelector('[role="progressbar"]'), 'no progress bar', { timeout: 5000 });
    await emulateMedia({ colorScheme: 'dark' });
    try {
      await expectAccessible(el);
    } finally {
      await emulateMedia({ colorScheme: 'light' });
    }
  });

  it('offers no Delete on someone else’s file to a customer', async () => {
    const session = newSessionId();
    const alice = await other(session);
    await alice.shareFiles([new File(['x'], 'theirs.txt', { type: 'text/plain' })])[0]!.done;
    const el = await mountChat(session);
    const card = await waitForCard(el, 'theirs.txt');
    expect(cardControl(card, 'Download theirs.txt')).to.exist;
    expect(cardControl(card, 'Delete theirs.txt')).to.equal(null);
  });
});
