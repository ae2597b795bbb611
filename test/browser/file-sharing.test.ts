import { expect, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/index.js';
import { SessionClient } from '../../src/client/index.js';
import { draftKey } from '../../src/components/composer/drafts-controller.js';
import { expectFocusOn } from './support/message-actions.js';
import {
  announcement,
  attachInput,
  bytesOf,
  cardControl,
  cardText,
  composerOf,
  drop,
  dropZone,
  fileCards,
  fixtureFile,
  paste,
  pick,
  recordAnnouncements,
  sameBytes,
  transparentPng,
  uploadsOf,
  waitForCard,
} from './support/files.js';
import { fileTestParticipants, mountChat, nextShare } from './support/file-chat.js';
import { controlNames } from './support/a11y-tree.js';
import { newSessionId, relayUrl, tokenFor } from './support/relay.js';
import { expectAccessible } from './support/a11y.js';
import { logRoot } from './support/dom.js';

// Sharing files (picker, drop, paste) and the uploads list; the cards they become are in file-cards.test.ts.

describe('file sharing in <session-chat>', () => {
  const { other, keep, hold } = fileTestParticipants();

  it('shares a file from the "Attach files" picker with the typed caption, and the other participant downloads the same bytes', async () => {
    const session = newSessionId();
    const bob = await mountChat(session);
    const alice = await mountChat(session, { role: 'technician', name: 'Alice' });
    const input = attachInput(bob);
    expect(input.multiple, 'the picker takes several files').to.equal(true);
    expect(input.getAttribute('aria-label')).to.equal('Attach files');

    composerOf(bob).shadowRoot.querySelector('textarea')!.value = 'The printer log, see https://example.com/help';
    const file = await fixtureFile('pdf/tracemonkey.pdf');
    pick(bob, [file]);
    // The caption went with the file: the composer is empty at once.
    expect(composerOf(bob).shadowRoot.querySelector('textarea')!.value).to.equal('');

    const card = await waitForCard(alice, 'tracemonkey.pdf');
    expect(cardText(card)).to.contain('tracemonkey.pdf');
    expect(cardText(card)).to.contain('992 kB');
    expect(cardText(card)).to.contain('shared by Bob');
    expect(card.shadowRoot!.querySelector('[part~="icon"]')!.textContent).to.equal('PDF');
    const message = card.getRootNode() as ShadowRoot;
    const caption = message.querySelector('[part="text"]')!;
    expect(caption.textContent).to.equal('The printer log, see https://example.com/help');
    expect(caption.querySelector('a')!.getAttribute('href')).to.equal('https://example.com/help');
    // Alice may delete it as a technician (the relay's default policy); Bob sees his own Delete too.
    expect(cardControl(card, 'Delete tracemonkey.pdf')).to.exist;
    expect(cardControl(await waitForCard(bob, 'tracemonkey.pdf'), 'Delete tracemonkey.pdf')).to.exist;

    const download = cardControl<HTMLAnchorElement>(card, 'Download tracemonkey.pdf')!;
    expect(download.tagName).to.equal('A');
    expect(download.hasAttribute('download')).to.equal(true);
    expect(download.getAttribute('download')).to.equal('tracemonkey.pdf');
    const response = await fetch(download.href);
    expect(response.status).to.equal(200);
    expect(sameBytes(await bytesOf(response), await bytesOf(file)), 'downloaded bytes').to.equal(true);

    expect(await controlNames()).to.include.members(['Attach files', 'Preview tracemonkey.pdf', 'Download tracemonkey.pdf', 'Delete tracemonkey.pdf']);
    await expectAccessible(alice);
    await expectAccessible(bob);
  });

  it('shares files dropped anywhere on the widget, showing and announcing a drop zone while they are dragged over', async () => {
    const session = newSessionId();
    const alice = await other(session);
    const el = await mountChat(session);
    const file = await fixtureFile('docx/tables.docx');
    const shared = nextShare(alice);

    drop(el, [file], { drop: false });
    await waitUntil(() => dropZone(el)?.textContent?.includes('Drop files to share them'), 'no drop zone', { timeout: 5000 });
    await waitUntil(() => announcement(el) === 'Drop files to share them', `announced "${announcement(el)}"`);
    // It covers the messages.
    const zone = dropZone(el)!.getBoundingClientRect();
    const log = logRoot(el).querySelector('[part="log"]')!.getBoundingClientRect();
    expect(zone.height).to.be.greaterThan(log.height - 20);
    expect(zone.width).to.be.greaterThan(log.width - 20);
    await expectAccessible(el);
    // Dropping on the header (not the log) works too.
    drop(el, [file], { over: el.shadowRoot!.querySelector('[part="header"]')! });
    await waitUntil(() => dropZone(el) === null, 'the drop zone stayed after the drop');

    expect((await shared).file.name).to.equal('tables.docx');
    await waitForCard(el, 'tables.docx');
    // Text dragged over the widget is no file: no drop zone.
    const text = new DataTransfer();
    text.setData('text/plain', 'hello');
    const enter = new DragEvent('dragenter', { bubbles: true, composed: true, cancelable: true, dataTransfer: text });
    logRoot(el).querySelector('[part="log"]')!.dispatchEvent(enter);
    expect(enter.defaultPrevented).to.equal(false);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(dropZone(el)).to.equal(null);
  });

  it('the drop zone goes when the drag leaves the widget', async () => {
    const el = await mountChat(newSessionId());
    const file = new File(['x'], 'x.txt', { type: 'text/plain' });
    drop(el, [file], { drop: false });
    await waitUntil(() => dropZone(el), 'no drop zone');
    const leave = new DataTransfer();
    leave.items.add(file);
    logRoot(el).querySelector('[part="log"]')!.dispatchEvent(new DragEvent('dragleave', { bubbles: true, composed: true, clientX: 2000, clientY: 2000, dataTransfer: leave }));
    await waitUntil(() => dropZone(el) === null, 'the drop zone stayed after the drag left');
    // A drag that stops sending dragover (Escape) ends by itself too.
    drop(el, [file], { drop: false });
    await waitUntil(() => dropZone(el), 'no drop zone');
    await waitUntil(() => dropZone(el) === null, 'the drop zone stayed after the drag stopped', { timeout: 2000 });
  });

  it('shares a screenshot pasted into the composer with the typed caption', async () => {
    const session = newSessionId();
    const alice = await other(session);
    const el = await mountChat(session);
    const textarea = composerOf(el).shadowRoot.querySelector('textarea')!;
    textarea.focus();
    await sendKeys({ type: 'What I see' });
    const shot = await transparentPng(80, 60);
    const event = paste(el, [new File([shot], 'image.png', { type: 'image/png' })]);
    expect(event.defaultPrevented, 'the paste does not also insert anything').to.equal(true);
    expect(textarea.value).to.equal('');
    // The typed text was kept as a draft; it went with the file, so the draft goes too.
    const key = draftKey(session, el.client!.me!.id);
    await waitUntil(() => localStorage.getItem(key) === null, `the draft stayed: "${localStorage.getItem(key)}"`);
    const shared = await nextShare(alice);
    expect(shared.file.name).to.equal('image.png');
    await waitUntil(() => alice.state.messages.some((m) => m.file && m.text === 'What I see'), 'the caption did not arrive');
    // Pasting text is still pasting text.
    const textPaste = new DataTransfer();
    textPaste.setData('text/plain', 'plain text');
    const plain = new ClipboardEvent('paste', { bubbles: true, composed: true, cancelable: true, clipboardData: textPaste });
    textarea.dispatchEvent(plain);
    expect(plain.defaultPrevented).to.equal(false);
  });

  it('shows each upload’s progress bar, percentage and speed, then the card when it completes', async () => {
    const session = newSessionId();
    const alice = await other(session);
    const client = new SessionClient({ server: await relayUrl(), token: await tokenFor(session, { name: 'Bob' }), uploadChunkBytes: 256 * 1024 });
    keep(client);
    const el = await mountChat(session, { client });
    const gate = hold(1);
    const file = await fixtureFile('pdf/tracemonkey.pdf');
    pick(el, [file]);
    await waitUntil(() => uploadsOf(el)?.shadowRoot?.querySelector('[role="progressbar"]'), 'no progress bar', { timeout: 5000 });
    const uploads = uploadsOf(el)!;
    await waitUntil(() => client.uploads[0]?.bytesSent === 256 * 1024, 'the first chunk did not go', { timeout: 10000 });
    await uploads.updateComplete;
    const bar = uploads.shadowRoot!.querySelector('[role="progressbar"]')!;
    expect(bar.getAttribute('aria-label')).to.equal('Uploading tracemonkey.pdf');
    expect(bar.getAttribute('aria-valuemin')).to.equal('0');
    expect(bar.getAttribute('aria-valuemax')).to.equal('100');
    expect(bar.getAttribute('aria-valuenow')).to.equal('25');
    const line = uploads.shadowRoot!.querySelector('.line')!.textContent!.replace(/\s+/g, ' ');
    expect(line).to.contain('25%');
    if (client.uploads[0]!.speed > 0) expect(line).to.match(/\d(\.\d)? (bytes|kB|MB|GB)\/s/);
    expect(await controlNames()).to.include('Cancel upload tracemonkey.pdf');
    await expectAccessible(el);

    const shared = nextShare(alice);
    gate.release();
    expect((await shared).file.size).to.equal(file.size);
    await waitForCard(el, 'tracemonkey.pdf');
    await waitUntil(() => uploadsOf(el) === null, 'the finished upload stayed in the list');
    await waitUntil(() => announcement(el) === 'tracemonkey.pdf shared.', `announced "${announcement(el)}"`);
  });

  it('cancels an upload: no card appears, the other participant never gets it and the relay keeps nothing', async () => {
    const session = newSessionId();
    const alice = await other(session);
    const el = await mountChat(session);
    const gate = hold(0);
    pick(el, [await fixtureFile('csv/acm-publications.csv')]);
    await waitUntil(() => gate!.urls.length === 1 && uploadsOf(el)?.shadowRoot?.querySelector('[aria-label="Cancel upload acm-publications.csv"]'), 'no upload to cancel', { timeout: 10000 });
    const uploadUrl = gate.urls[0]!;
    const cancel = uploadsOf(el)!.shadowRoot!.querySelector<HTMLButtonElement>('[aria-label="Cancel upload acm-publications.csv"]')!;
    cancel.focus();
    cancel.click();
    await waitUntil(() => uploadsOf(el) === null, 'the cancelled upload stayed');
    // The focus stays in the widget: on the message box.
    expectFocusOn(composerOf(el).shadowRoot.querySelector('textarea'), 'after cancelling the last upload');
    gate.release();
    const token = await tokenFor(session, { name: 'Bob' });
    await waitUntil(
      async () => (await fetch(uploadUrl, { method: 'HEAD', headers: { 'Tus-Resumable': '1.0.0', Authorization: `Bearer ${token}` } })).status === 404,
      'the relay still has the upload',
      { timeout: 5000 },
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(alice.state.messages.filter((m) => m.file)).to.deep.equal([]);
    expect(fileCards(el).length).to.equal(0);
  });

  it('refuses a file larger than the relay’s limit at once, saying so, without uploading anything', async () => {
    await fetch('/__relay/restart?maxFileBytes=102400', { method: 'POST' });
    try {
      const session = newSessionId();
      const alice = await other(session);
      const el = await mountChat(session);
      const errors: string[] = [];
      el.addEventListener('chat-error', (e) => errors.push(`${e.detail.error.codeName} ${e.detail.error.clientId ? 'with' : 'without'} clientId`));
      expect(el.client!.limits.maxFileBytes).to.equal(102400);
      // Only counts the upload requests.
      const gate = hold(Number.POSITIVE_INFINITY);
      const small = new File(['fits'], 'small.txt', { type: 'text/plain' });
      const heard = recordAnnouncements(el);
      pick(el, [await fixtureFile('pdf/tracemonkey.pdf'), small]);
      // (The small file's "shared" may follow at once: what was said is recorded, not polled.)
      await waitUntil(() => heard.said.some((text) => text.includes('larger')), 'nothing was said', { timeout: 5000 });
      heard.stop();
      expect(heard.said.find((text) => text.includes('larger'))).to.equal('tracemonkey.pdf is larger than the 100 kB limit.');
      // The host hears of it as of any refusal.
      expect(errors).to.deep.equal(['FILE_TOO_LARGE with clientId']);
      await waitUntil(() => uploadsOf(el)?.shadowRoot?.textContent?.includes('tracemonkey.pdf is larger than the 100 kB limit.'), 'the refusal is not shown');
      // Nothing of it was sent: the one upload request is the small file's.
      await waitForCard(el, 'small.txt');
      expect(gate.requests.filter((r) => r.method === 'POST')).to.have.length(1);
      await waitUntil(() => alice.state.messages.some((m) => m.file?.name === 'small.txt'), 'the other participant did not get small.txt');
      expect(alice.state.messages.filter((m) => m.file).map((m) => m.file!.name)).to.deep.equal(['small.txt']);
      // No Retry for a refusal that retrying cannot fix; Dismiss removes it.
      const uploads = uploadsOf(el)!;
      expect(uploads.shadowRoot!.querySelector('[aria-label="Retry upload tracemonkey.pdf"]') === null, 'a Retry for a refusal').to.equal(true);
      await expectAccessible(el);
      uploads.shadowRoot!.querySelector<HTMLButtonElement>('[aria-label="Dismiss tracemonkey.pdf"]')!.click();
      await waitUntil(() => uploadsOf(el) === null, 'the refusal was not dismissed');
    } finally {
      await fetch('/__relay/restart', { method: 'POST' });
    }
  });

  it('offers "Retry upload NAME" for a failed upload, and the retry shares it', async () => {
    const session = newSessionId();
    const alice = await other(session);
    const client = new SessionClient({ server: await relayUrl(), token: await tokenFor(session, { name: 'Bob' }), uploadRetryDelays: [] });
    keep(client);
    const el = await mountChat(session, { client });
    // The first PATCH fails on the network.
    const proto = XMLHttpRequest.prototype;
    const { send } = proto;
    let failed = false;
    proto.send = function (this: XMLHttpRequest, body?: Document | XMLHttpRequestBodyInit | null) {
      if (!failed && body instanceof Blob) {
        failed = true;
        setTimeout(() => this.dispatchEvent(new ProgressEvent('error')));
        return;
      }
      return send.call(this, body);
    };
    try {
      pick(el, [new File(['retry me'], 'retry.txt', { type: 'text/plain' })]);
      await waitUntil(() => uploadsOf(el)?.shadowRoot?.querySelector('[aria-label="Retry upload retry.txt"]'), 'no Retry', { timeout: 10000 });
      expect(announcement(el)).to.equal('Could not share retry.txt.');
      await expectAccessible(el);
      uploadsOf(el)!.shadowRoot!.querySelector<HTMLButtonElement>('[aria-label="Retry upload retry.txt"]')!.click();
      expect((await nextShare(alice)).file.name).to.equal('retry.txt');
    } finally {
      proto.send = send;
    }
  });
});
