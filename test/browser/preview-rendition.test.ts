import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/index.js';
import type { SessionClient } from '../../src/client/index.js';
import type { SessionChat } from '../../src/components/session-chat/session-chat.component.js';
import { cardControl, previewDialog, waitForCard } from './support/files.js';
import { previewRoot } from './support/preview.js';
import { joinAs, newSessionId, relayUrl, tokenFor } from './support/relay.js';

// The relay's converter (LibreOffice headless, installed by .ci/run) makes a PDF of documents the
// browser shows poorly or not at all; the widget shows that PDF with the pdf previewer.

interface FileRequest {
  method: string;
  path: string;
  status: number;
}

async function restartWith(query: string): Promise<void> {
  const response = await fetch(`/__relay/restart${query}`, { method: 'POST' });
  if (!response.ok) throw new Error(`restart failed: ${await response.text()}`);
}

async function fileRequests(clear = false): Promise<FileRequest[]> {
  return ((await (await fetch(`/__relay/file-requests${clear ? '?clear=1' : ''}`)).json()) as { requests: FileRequest[] }).requests;
}

async function fixtureAs(path: string, type: string): Promise<File> {
  const response = await fetch(`/__fixtures/${path}`);
  return new File([await response.arrayBuffer()], path.split('/').pop()!, { type });
}

async function mountChat(session: string): Promise<SessionChat> {
  const token = await tokenFor(session, { role: 'customer', name: 'Bob' });
  const box = await fixture<HTMLDivElement>(html`<div style="width: 720px; height: 640px"><session-chat server=${await relayUrl()} token=${token}></session-chat></div>`);
  const el = box.querySelector('session-chat')!;
  await waitUntil(() => el.connectionState === 'live', 'the element did not go live', { timeout: 10000 });
  return el;
}

async function openPreview(el: SessionChat, name: string) {
  const card = await waitForCard(el, name);
  await waitUntil(() => cardControl(card, `Preview ${name}`) !== null, `no Preview for ${name}`, { timeout: 5000 });
  cardControl<HTMLButtonElement>(card, `Preview ${name}`)!.click();
  await waitUntil(() => previewDialog(el)?.isOpen, 'the preview did not open', { timeout: 10000 });
  const dialog = previewDialog(el)!;
  await waitUntil(() => dialog.state === 'ready' || dialog.state === 'error', 'the preview did not settle', { timeout: 60000 });
  return dialog;
}

const pageText = (root: ParentNode): string => [...root.querySelectorAll('.textLayer')].map((layer) => layer.textContent ?? '').join(' ');

describe('previews of the relay\'s PDF renditions', function () {
  // Each test restarts the relay and waits for real LibreOffice conversions (up to 60 s each,
  // as the waits below allow); the suite's 20 s per test was too short on a busy machine.
  this.timeout(180_000);
  let alice: SessionClient | null = null;
  afterEach(() => {
    alice?.close();
    alice = null;
  });
  after(async () => {
    await restartWith('');
  });

  it('without a converter, an .odt gets no Preview; with LibreOffice it opens as a PDF made by the relay', async () => {
    await restartWith('');
    let session = newSessionId();
    alice = await joinAs(session, { role: 'technician', name: 'Alice' });
    const odt = await fixtureAs('office/notes.odt', 'application/vnd.oasis.opendocument.text');
    await alice.shareFiles([odt])[0]!.done;
    let el = await mountChat(session);
    const card = await waitForCard(el, 'notes.odt');
    expect(cardControl(card, 'Download notes.odt'), 'Download').to.not.equal(null);
    expect(cardControl(card, 'Preview notes.odt'), 'no Preview without a converter').to.equal(null);
    alice.close();
    el.remove();

    await restartWith('?converter=libreoffice');
    session = newSessionId();
    alice = await joinAs(session, { role: 'technician', name: 'Alice' });
    await alice.shareFiles([odt, await fixtureAs('office/notes.doc', 'application/msword')])[0]!.done;
    await waitUntil(() => alice!.state.messages.filter((m) => m.file).length === 2, 'both shared', { timeout: 10000 });
    el = await mountChat(session);
    await fileRequests(true);
    for (const name of ['notes.odt', 'notes.doc']) {
      const dialog = await openPreview(el, name);
      expect(dialog.state, name).to.equal('ready');
      const body = dialog.shadowRoot!.querySelector('[part="body"]') as HTMLElement;
      expect(body.dataset['kind'], name).to.equal('pdf');
      await waitUntil(() => pageText(previewRoot(dialog)).includes('printer queue stalls'), `the PDF's text of ${name}`, { timeout: 20000 });
      expect(pageText(previewRoot(dialog))).to.include('Grüße aus Köln');
      dialog.close();
    }
    const renditions = (await fileRequests()).filter((r) => r.path.endsWith('/rendition'));
    expect(renditions.length, JSON.stringify(await fileRequests())).to.equal(2);
    expect(renditions.every((r) => r.status === 200)).to.equal(true);
  });

  it('a document LibreOffice cannot read says so in the dialog', async () => {
    await restartWith('?converter=libreoffice');
    const session = newSessionId();
    alice = await joinAs(session, { role: 'technician', name: 'Alice' });
    const garbage = new File([new Uint8Array([0x50, 0x4b, 3, 4]), 'garbage'.repeat(300)], 'broken.odt', { type: 'application/vnd.oasis.opendocument.text' });
    await alice.shareFiles([garbage])[0]!.done;
    const el = await mountChat(session);
    const dialog = await openPreview(el, 'broken.odt');
    expect(dialog.state).to.equal('error');
    expect(dialog.shadowRoot!.textContent).to.include('This file is damaged or is not what its name says');
    dialog.close();
  });
});
