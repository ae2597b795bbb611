import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/index.js';
import { SessionClient } from '../../src/client/index.js';
import type { SessionChat } from '../../src/components/session-chat/session-chat.component.js';
import type { SessionChatFileCard } from '../../src/components/files/session-chat-file-card/session-chat-file-card.component.js';
import { reduce, type SessionEvent } from '../../src/protocol/index.js';
import { cardControl, holdUploads, pick, previewDialog, uploadsOf, waitForCard, type UploadGate } from './support/files.js';
import { newSessionId, relayUrl, tokenFor } from './support/relay.js';
import { logRoot } from './support/dom.js';

/*
 * The relay refuses some of these names and every reaction key that is not one emoji; the
 * widget must show them safely anyway (another relay, an older log). So the hostile events
 * are folded into the element's client here, as if a relay had sent them.
 */

const LONG = `${'a'.repeat(296)}.txt`;
/** Names as shared, and as the widget must show them. */
const NAMES: [string, string][] = [
  ['invoice\u202Etxt.exe', 'invoicetxt.exe'],
  ['report\u2066\u202Efdp.exe\u2069.pdf', 'reportfdp.exe.pdf'],
  ['zero\u200Bwidth\u200E\u200F\u061C\uFEFF.txt', 'zerowidth.txt'],
  [LONG, LONG],
  ['<img src=x onerror="window.__hostile=1">.png', '<img src=x onerror="window.__hostile=1">.png'],
];

async function mountWithClient(): Promise<{ el: SessionChat; client: SessionClient }> {
  const client = new SessionClient({ server: await relayUrl(), token: await tokenFor(newSessionId(), { name: 'Bob', participant: 'bob' }), outboxStore: null });
  const box = await fixture<HTMLDivElement>(html`<div style="width: 360px; height: 560px"><session-chat .client=${client}></session-chat></div>`);
  const el = box.querySelector('session-chat')!;
  await waitUntil(() => el.connectionState === 'live', 'the element did not go live', { timeout: 5000 });
  return { el, client };
}

/** Folds events into the client's state as if the relay had sent them, and lets the element re-render. */
function foldCrafted(client: SessionClient, events: Omit<SessionEvent, 'seq' | 'at' | 'from'>[]): void {
  let state = client.state;
  for (const event of events) state = reduce(state, { ...event, seq: state.lastSeq + 1, at: Date.now(), from: 'mallory' } as SessionEvent);
  client.state = state;
  client.dispatchEvent(new CustomEvent('change', { detail: { state } }));
}

/**
 * Whether the characters of `node`'s text are laid out left to right in their logical order (no
 * reordering took effect), line by line: a long name wraps, and a character that starts a lower
 * line may stand left of the one before it.
 */
function laidOutInOrder(node: Element): boolean {
  const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  let last = -Infinity;
  let lineTop = -Infinity;
  let seen = 0;
  for (let text = walker.nextNode() as Text | null; text; text = walker.nextNode() as Text | null) {
    for (let i = 0; i < text.length; i++) {
      range.setStart(text, i);
      range.setEnd(text, i + 1);
      const rect = range.getBoundingClientRect();
      if (rect.width === 0) continue;
      seen++;
      if (rect.top > lineTop + rect.height / 2) {
        // A lower line: its first character may stand anywhere left of the previous line's last.
        lineTop = rect.top;
        last = rect.left;
        continue;
      }
      if (rect.left < last - 0.5) return false;
      last = rect.left;
    }
  }
  if (seen === 0) throw new Error('no visible text');
  return true;
}

const nameOf = (card: SessionChatFileCard): HTMLElement => card.shadowRoot!.querySelector<HTMLElement>('[part="name"]')!;

describe('hostile file names and reaction keys', () => {
  let gate: UploadGate | null = null;
  afterEach(() => {
    gate?.release();
    gate?.restore();
    gate = null;
  });

  it('shows every file name without its invisible and direction characters, as text, in order', async () => {
    const { el, client } = await mountWithClient();
    foldCrafted(
      client,
      NAMES.map(([name], i) => ({ type: 'file.shared', id: `m-${i}`, file: { id: `f-${i}`, name, size: 10, type: 'text/plain' } }) as Omit<SessionEvent, 'seq' | 'at' | 'from'>),
    );
    for (const [raw, shown] of NAMES) {
      const card = await waitForCard(el, raw);
      const name = nameOf(card);
      expect(name.textContent).to.equal(shown);
      expect(name.title).to.equal(shown);
      expect(laidOutInOrder(name), `"${shown}" is reordered`).to.equal(true);
      const download = cardControl<HTMLAnchorElement>(card, `Download ${shown}`);
      expect(download, `Download ${shown}`).to.not.equal(null);
      expect(download!.download).to.equal(shown);
      expect(card.shadowRoot!.querySelector('img'), 'an element was injected').to.equal(null);
      // The card stays inside the widget; a long name wraps onto lines of its own, whole (names
      // are never cut: the layout work of the widget issue), and its full text stays in the title.
      expect(card.getBoundingClientRect().right).to.be.at.most(el.getBoundingClientRect().right + 0.5);
    }
    const long = nameOf(await waitForCard(el, LONG));
    expect(long.scrollWidth).to.be.at.most(long.clientWidth);
    const whole = document.createRange();
    whole.selectNodeContents(long);
    const lines = new Set([...whole.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
    expect(lines.size, 'the long name wraps onto several lines').to.be.greaterThan(2);
    expect((window as { __hostile?: number }).__hostile).to.equal(undefined);

    // The check above can fail: the same override, unneutralised and isolated, does reorder.
    const control = document.createElement('span');
    control.style.unicodeBidi = 'isolate';
    control.textContent = NAMES[0]![0];
    el.parentElement!.append(control);
    expect(laidOutInOrder(control)).to.equal(false);
    control.remove();
    client.close();
  });

  it('titles the preview with the neutralised name and offers "Preview NAME"', async () => {
    const { el, client } = await mountWithClient();
    foldCrafted(client, [{ type: 'file.shared', id: 'm-p', file: { id: 'f-p', name: 'notes\u202Efdp.txt', size: 10, type: 'text/plain' } } as Omit<SessionEvent, 'seq' | 'at' | 'from'>]);
    const card = await waitForCard(el, 'notes\u202Efdp.txt');
    const preview = cardControl<HTMLButtonElement>(card, 'Preview notesfdp.txt');
    expect(preview, 'Preview notesfdp.txt').to.not.equal(null);
    preview!.click();
    await waitUntil(() => previewDialog(el)?.shadowRoot?.querySelector('[part="title"]'), 'no preview dialog', { timeout: 5000 });
    const title = previewDialog(el)!.shadowRoot!.querySelector<HTMLElement>('[part="title"]')!;
    expect(title.textContent).to.equal('notesfdp.txt');
    expect(laidOutInOrder(title)).to.equal(true);
    client.close();
  });

  it('marks search matches on the name as shown', async () => {
    const { el, client } = await mountWithClient();
    foldCrafted(client, [{ type: 'file.shared', id: 'm-s', file: { id: 'f-s', name: 'invoice\u202Etxt.exe', size: 10, type: 'text/plain' } } as Omit<SessionEvent, 'seq' | 'at' | 'from'>]);
    const card = await waitForCard(el, 'invoice\u202Etxt.exe');
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part="search-button"]')!.click();
    const input = () => el.shadowRoot!.querySelector('session-chat-search')?.shadowRoot?.querySelector('input') ?? null;
    await waitUntil(input, 'no search field', { timeout: 5000 });
    input()!.focus();
    await sendKeys({ type: 'cetxt' });
    await waitUntil(() => card.shadowRoot!.querySelector('mark'), 'no mark on the name', { timeout: 5000 });
    expect(card.shadowRoot!.querySelector('mark')!.textContent).to.equal('cetxt');
    expect(nameOf(card).textContent).to.equal('invoicetxt.exe');
    expect(laidOutInOrder(nameOf(card))).to.equal(true);
    client.close();
  });

  it('shows an upload under its neutralised name', async () => {
    const { el, client } = await mountWithClient();
    gate = holdUploads(0);
    pick(el, [new File(['hello'], 'photo\u202Egnp.exe', { type: 'text/plain' })]);
    await waitUntil(() => uploadsOf(el), 'no upload shown', { timeout: 5000 });
    const row = uploadsOf(el)!.shadowRoot!.querySelector<HTMLElement>('.name')!;
    expect(row.textContent).to.equal('photognp.exe');
    expect(row.title).to.equal('photognp.exe');
    expect(laidOutInOrder(row)).to.equal(true);
    client.close();
  });

  it('never shows a reaction key that is not one emoji', async () => {
    const { el, client } = await mountWithClient();
    const keys = ['👍', 'lol', '👍\u202E', '\u202E👍', '<b>x</b>', '😀😀', '🇫🇷', '👩‍🦰', ''];
    foldCrafted(client, [
      { type: 'message.sent', id: 'm-r', text: 'react to me' },
      ...keys.map((emoji, i) => ({ type: 'reaction.added', id: `r-${i}`, target: 'm-r', emoji })),
    ] as Omit<SessionEvent, 'seq' | 'at' | 'from'>[]);
    await waitUntil(() => logRoot(el).querySelector('session-chat-message')?.shadowRoot?.querySelector('[part="reactions"]'), 'no reactions', { timeout: 5000 });
    const message = logRoot(el).querySelector('session-chat-message')!;
    const shown = [...message.shadowRoot!.querySelectorAll('[part="reaction"]')].map((b) => b.textContent!.replace(/\s+/g, ' ').trim());
    expect(shown).to.deep.equal(['👍 1', '🇫🇷 1', '👩‍🦰 1']);
    expect(message.shadowRoot!.querySelector('[part="reactions"] b'), 'an element was injected').to.equal(null);
    client.close();
  });
});
