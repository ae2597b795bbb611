/**
 * Live transfers between two participants in real Chromium: a direct WebRTC data channel on
 * loopback (the relay carries only the signals), and the fall back to the relay's pipe when ICE
 * cannot find a path (no candidates: TURN only, with no TURN server). The file arrives whole and
 * checked either way, written chunk by chunk to a sink that holds nothing.
 */
import { expect, waitUntil } from '@open-wc/testing';
import '../../src/index.js';
import { LiveTransfers } from '../../src/client/live-transfers/live-transfers.js';
import type { TransferSink } from '../../src/client/live-transfers/transfer-receiver.js';
import type { SessionClient } from '../../src/client/index.js';
import { joinAs, newSessionId } from './support/relay.js';
import { expectAccessible } from './support/a11y.js';
import { chatBox, inside, mountChat } from './support/chat-elements.js';
import { pick } from './support/files.js';

const MiB = 1024 * 1024;

/** A file of random bytes (made 64 KiB at a time, the most `getRandomValues` fills at once). */
function randomFile(size: number): File {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i += 65536) crypto.getRandomValues(bytes.subarray(i, i + 65536));
  return new File([bytes], 'trace.bin', { type: 'application/octet-stream' });
}

async function sha256Hex(blob: Blob): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Counts what is written; keeps nothing. */
function countingSink(): TransferSink & { bytes: number; closed: boolean } {
  const sink = {
    bytes: 0,
    closed: false,
    write: async (chunk: Uint8Array) => void (sink.bytes += chunk.length),
    close: async () => void (sink.closed = true),
    abort: async () => undefined,
  };
  return sink;
}

describe('live transfers in the browser', () => {
  let clients: SessionClient[] = [];
  let transfers: LiveTransfers[] = [];
  afterEach(() => {
    for (const t of transfers) t.close();
    for (const c of clients) c.close();
    transfers = [];
    clients = [];
  });

  async function pair(options: ConstructorParameters<typeof LiveTransfers>[1] = {}) {
    const session = newSessionId();
    const tom = await joinAs(session, { role: 'technician', name: 'Tom' });
    const ann = await joinAs(session, { role: 'customer', name: 'Ann' });
    clients.push(tom, ann);
    const [from, to] = [new LiveTransfers(tom, options), new LiveTransfers(ann, options)];
    transfers.push(from, to);
    return { from, to };
  }

  for (const [label, options, path] of [
    ['peer to peer over a WebRTC data channel', { directTimeoutMs: 8000 }, 'direct'],
    ['through the relay when ICE finds no path', { directTimeoutMs: 1500, iceTransportPolicy: 'relay' as const }, 'relay'],
  ] as const) {
    it(`sends 24 MiB ${label}, checked by SHA-256`, async () => {
      const { from, to } = await pair(options);
      const file = randomFile(24 * MiB);
      const sink = countingSink();
      const received = new Promise<{ sha256: string; path: string | null }>((resolve, reject) =>
        to.addEventListener('incoming', (e) => {
          const incoming = e.detail.transfer;
          incoming.accept(sink).then(({ sha256 }) => resolve({ sha256, path: incoming.path }), reject);
        }),
      );
      const outgoing = await from.send(file);
      const got = await received;
      expect(await outgoing.done).to.equal('completed');
      expect(got.sha256).to.equal(await sha256Hex(file));
      expect(got.path).to.equal(path);
      expect(outgoing.receivers[0]!.path).to.equal(path);
      expect(sink.bytes).to.equal(file.size);
      expect(sink.closed).to.equal(true);
    });
  }

  it('sends to two receivers at once, each at its own pace, both checked by SHA-256', async () => {
    const session = newSessionId();
    const tom = await joinAs(session, { role: 'technician', name: 'Tom' });
    const ann = await joinAs(session, { role: 'customer', name: 'Ann' });
    const bea = await joinAs(session, { role: 'customer', name: 'Bea' });
    clients.push(tom, ann, bea);
    const [from, ...to] = [tom, ann, bea].map((c) => new LiveTransfers(c, { directTimeoutMs: 8000 }));
    transfers.push(from!, ...to);
    const file = randomFile(16 * MiB);
    // Bea's disk is slow: her copy lags behind Ann's, and the sender's one hash still covers both.
    const sinks = [countingSink(), countingSink()];
    const slow = sinks[1]!;
    const write = slow.write;
    slow.write = async (chunk) => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      return write(chunk);
    };
    const received = to.map(
      (receiver, i) =>
        new Promise<string>((resolve, reject) =>
          receiver.addEventListener('incoming', (e) => void e.detail.transfer.accept(sinks[i]!).then(({ sha256 }) => resolve(sha256), reject)),
        ),
    );
    const outgoing = await from!.send(file);
    expect([...outgoing.receivers.map((r) => r.id)].sort()).to.deep.equal([ann.me!.id, bea.me!.id].sort());
    const hashes = await Promise.all(received);
    expect(await outgoing.done).to.equal('completed');
    const expected = await sha256Hex(file);
    expect(hashes).to.deep.equal([expected, expected]);
    expect(sinks.map((sink) => sink.bytes)).to.deep.equal([file.size, file.size]);
    expect(outgoing.receivers.map((r) => r.state)).to.deep.equal(['completed', 'completed']);
  });
});

describe('"Send directly (not stored)" in the widget', () => {
  const pickers: unknown[] = [];
  before(() => {
    // Headless, the save picker would open a dialog nobody closes: the widget then writes to the
    // origin's private file system (its path in browsers without the picker) and offers "Save".
    const w = window as unknown as { showSaveFilePicker?: unknown };
    pickers.push(w.showSaveFilePicker);
    w.showSaveFilePicker = undefined;
  });
  after(() => {
    (window as unknown as { showSaveFilePicker?: unknown }).showSaveFilePicker = pickers[0];
  });

  it('Tom sends a file directly: Ann accepts and gets it checked, Bea declines, both outcomes show on every card', async () => {
    const session = newSessionId();
    const box = await chatBox();
    const tom = await mountChat(box, session, { name: 'Tom', role: 'technician' });
    const ann = await mountChat(box, session, { name: 'Ann' });
    const bea = await mountChat(box, session, { name: 'Bea' });
    const file = randomFile(3 * MiB);
    // "More ways to share" opens a menu with "Send directly (not stored)", which opens the file
    // input (a native chooser, which headless Chromium cannot show: the test fills the input).
    const menuButton = inside<HTMLButtonElement>(tom, 'button[aria-label="More ways to share"]')!;
    expect(menuButton.getAttribute('aria-haspopup')).to.equal('menu');
    menuButton.click();
    await waitUntil(() => inside(tom, '[role="menuitem"]'), 'the menu did not open');
    expect(inside(tom, '[role="menuitem"]')!.textContent).to.equal('Send directly (not stored)');
    expect(menuButton.getAttribute('aria-expanded')).to.equal('true');
    inside(tom, '[role="menuitem"]')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
    await waitUntil(() => !inside(tom, '[role="menuitem"]'), 'Escape did not close the menu');
    const input = inside<HTMLInputElement>(tom, 'input.direct-input')!;
    const picked = new DataTransfer();
    picked.items.add(file);
    input.files = picked.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));

    const card = (el: HTMLElement) => inside(el, 'session-chat-transfer-card');
    const button = (el: HTMLElement, name: string) =>
      [...(card(el)?.shadowRoot?.querySelectorAll<HTMLButtonElement>('button') ?? [])].find((b) => b.textContent?.trim() === name);
    await waitUntil(() => button(ann, 'Accept') && button(bea, 'Decline'), 'the offer did not reach Ann and Bea', { timeout: 10000 });
    expect(card(ann)!.shadowRoot!.textContent).to.match(/trace\.bin/);
    expect(card(ann)!.shadowRoot!.querySelector('[role="group"]')!.getAttribute('aria-label')).to.equal('Sent directly, not stored: trace.bin');
    await expectAccessible(ann);
    button(bea, 'Decline')!.click();
    button(ann, 'Accept')!.click();
    await waitUntil(() => /Received and checked/.test(card(ann)!.shadowRoot!.textContent ?? ''), 'Ann did not get the file', { timeout: 20000 });
    // "Save" comes once the stored copy is closed (just after the check).
    await waitUntil(() => card(ann)!.shadowRoot!.querySelector('a[download]'), 'no Save link', { timeout: 5000 });
    const save = card(ann)!.shadowRoot!.querySelector<HTMLAnchorElement>('a[download]')!;
    expect(save.textContent).to.equal('Save trace.bin');
    const saved = await (await fetch(save.href)).blob();
    expect(await sha256Hex(saved)).to.equal(await sha256Hex(file));
    await waitUntil(() => /Ann: Received and checked/.test(card(tom)!.shadowRoot!.textContent ?? '') && /Bea: Declined/.test(card(tom)!.shadowRoot!.textContent ?? ''), 'Tom\'s card did not show both outcomes', { timeout: 10000 });
    // Bea's page has no handle any more than a reload would: her card reads the outcome from the log.
    await waitUntil(() => /Ann: Received and checked/.test(card(bea)!.shadowRoot!.textContent ?? ''), 'Bea\'s card did not show how it ended', { timeout: 10000 });
  });

  it('a file over the size limit is refused for storage and offered "Send directly (not stored)", which sends it to the others', async () => {
    await fetch('/__relay/restart?maxFileBytes=102400', { method: 'POST' });
    try {
      const session = newSessionId();
      const box = await chatBox();
      const tom = await mountChat(box, session, { name: 'Tom', role: 'technician' });
      const ann = await mountChat(box, session, { name: 'Ann' });
      const file = randomFile(300 * 1024);
      pick(tom, [file]);
      const uploads = () => inside(tom, 'session-chat-uploads')?.shadowRoot ?? null;
      const offer = () => uploads()?.querySelector<HTMLButtonElement>('[aria-label="Send directly (not stored): trace.bin"]') ?? null;
      await waitUntil(offer, 'the refusal offered no "Send directly (not stored)"', { timeout: 5000 });
      expect(uploads()!.textContent).to.include('trace.bin is larger than the 100 kB limit.');
      expect(offer()!.textContent).to.equal('Send directly (not stored)');
      await expectAccessible(tom);
      offer()!.click();
      await waitUntil(() => !uploads()?.querySelector('li'), 'the refused row stayed');
      const acceptButton = () =>
        [...(inside(ann, 'session-chat-transfer-card')?.shadowRoot?.querySelectorAll<HTMLButtonElement>('button') ?? [])].find((b) => b.textContent?.trim() === 'Accept');
      await waitUntil(acceptButton, 'no offer with Accept reached Ann', { timeout: 10000 });
      const accept = acceptButton();
      // The card's parts reach the page through the message, the log and the element.
      const style = document.createElement('style');
      style.textContent = 'session-chat::part(transfer-button) { outline-color: rgb(1, 2, 3); }';
      document.head.append(style);
      expect(getComputedStyle(accept!).outlineColor).to.equal('rgb(1, 2, 3)');
      style.remove();
      accept!.click();
      await waitUntil(() => /Received and checked/.test(inside(ann, 'session-chat-transfer-card')!.shadowRoot!.textContent ?? ''), 'Ann did not get the file', { timeout: 20000 });
      expect(ann.client!.state.messages.filter((m) => m.file)).to.deep.equal([], 'nothing was stored');
    } finally {
      await fetch('/__relay/restart', { method: 'POST' });
    }
  });
});
