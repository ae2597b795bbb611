import { expect, waitUntil } from '@open-wc/testing';
import '../../src/index.js';
import type { SessionChat } from '../../src/components/session-chat/session-chat.component.js';
import { chatBox, mountChat, textOf, unmount } from './support/chat-elements.js';
import { logElement, logRoot, renderedMessages } from './support/dom.js';
import { logFile, newSessionId, seedLongSession } from './support/relay.js';
import { expectAccessible } from './support/a11y.js';

const DAY = 86_400_000;
const EVENTS = 1200;
const DAYS = 60;

function historyBar(el: SessionChat): ShadowRoot | null {
  return logRoot(el).querySelector('session-chat-history')?.shadowRoot ?? null;
}

function periodButton(el: SessionChat, name: string): HTMLButtonElement {
  const button = [...(historyBar(el)?.querySelectorAll<HTMLButtonElement>('[part="history-button"]') ?? [])].find((b) => textOf(b) === name);
  if (!button) throw new Error(`no history button "${name}"`);
  return button;
}

const texts = (el: SessionChat): string[] => renderedMessages(el).map((m) => m.text);

/** The message's top relative to the log's visible top, in px. */
function offsetInLog(el: SessionChat, text: string): number {
  const message = renderedMessages(el).find((m) => m.text === text);
  if (!message) throw new Error(`no message "${text}"`);
  return message.element.getBoundingClientRect().top - logElement(el).getBoundingClientRect().top;
}

/** Text of the message at `seq` in the seeded log (test/support/long-session.mjs). */
const textAt = (seq: number): string => (seq === 10 ? 'the first question' : `message ${seq}`);

describe('history in pages (a session of 1,200 events over 60 days)', () => {
  let el: SessionChat | null = null;
  let now = 0;
  let session = '';

  beforeEach(async () => {
    session = newSessionId();
    ({ now } = await seedLongSession(session, EVENTS, DAYS));
    el = await mountChat(await chatBox(), session, { name: 'Tina Tech', id: 'tech', role: 'technician' });
    await waitUntil(() => historyBar(el!) !== null && periodButton(el!, 'All'), 'the history buttons did not appear', { timeout: 8000 });
  });

  afterEach(() => {
    if (el) unmount(el);
    el = null;
  });

  it('shows the last page with the period buttons, accessible, and a reply quoting an unloaded message shows its quote', async () => {
    const chat = el!;
    await expectAccessible(chat);
    // The last 200 events: 199 messages and an edit (seq 1001 to 1200).
    await waitUntil(() => renderedMessages(chat).length === 199, 'the last page did not render');
    const shown = texts(chat);
    expect(shown[0]).to.equal(textAt(1001));
    expect(shown.at(-1)).to.equal(textAt(EVENTS));
    const names = [...historyBar(chat)!.querySelectorAll('[part="history-button"]')].map((b) => textOf(b));
    expect(names).to.deep.equal(['Yesterday', '7 days', '30 days', '3 months', '1 year', 'All']);
    expect(historyBar(chat)!.querySelector('[role="group"]')!.getAttribute('aria-label')).to.equal('Earlier messages');
    const reply = renderedMessages(chat).find((m) => m.text.startsWith('answer to the first question'))!;
    const quote = reply.element.shadowRoot!.querySelector('[part="quote"]')!;
    expect(textOf(quote)).to.contain('the first question');
    expect(textOf(quote)).to.contain('Tina Tech');
    // Following the quote loads the log back to that message and shows it.
    (quote as HTMLElement).click();
    await waitUntil(() => texts(chat).includes('the first question'), 'the quoted message was not loaded', { timeout: 10000 });
    // Loaded from the quoted message's time on, no further back.
    expect(texts(chat)[0]).to.equal('the first question');
    await waitUntil(() => renderedMessages(chat).find((m) => m.text === 'the first question')!.element.getAttribute('highlight') === 'target', 'the quoted message was not highlighted');
    const target = renderedMessages(chat).find((m) => m.text === 'the first question')!.element.getBoundingClientRect();
    const log = logElement(chat).getBoundingClientRect();
    expect(target.top).to.be.within(log.top - 1, log.bottom);
  });

  it('lays the period buttons out right to left in a right-to-left page, accessible, within 360 px', async () => {
    const chat = el!;
    chat.setAttribute('dir', 'rtl');
    await chat.updateComplete;
    await expectAccessible(chat);
    const yesterday = periodButton(chat, 'Yesterday').getBoundingClientRect();
    const week = periodButton(chat, '7 days').getBoundingClientRect();
    expect(yesterday.left).to.be.above(week.left, 'the first period is at the right');
    const log = logElement(chat).getBoundingClientRect();
    for (const button of historyBar(chat)!.querySelectorAll('[part="history-button"]')) {
      const box = button.getBoundingClientRect();
      expect(box.left).to.be.at.least(log.left);
      expect(box.right).to.be.at.most(log.right);
      expect(box.height).to.be.at.least(24, 'a target of at least 24 px');
    }
  });

  it('scrolling to the top loads the page before, keeping the place read', async () => {
    const chat = el!;
    await waitUntil(() => renderedMessages(chat).length === 199);
    const log = logElement(chat);
    const reading = textAt(1001);
    log.scrollTop = 0;
    log.dispatchEvent(new Event('scroll'));
    const before = offsetInLog(chat, reading);
    await waitUntil(() => renderedMessages(chat).length === 399, 'the older page did not load', { timeout: 8000 });
    expect(texts(chat)[0]).to.equal(textAt(801));
    await new Promise((resolve) => setTimeout(resolve, 600));
    // The message read before stays where it was (older ones came in above it).
    expect(Math.abs(offsetInLog(chat, reading) - before)).to.be.below(40);
    expect(log.scrollTop).to.be.above(1000);
    // No "New messages" button: older messages are not new ones.
    expect(logRoot(chat).querySelector('[part="new-messages-button"]')).to.equal(null);
  });

  it('says when earlier messages could not be loaded, and "Try again" loads them', async () => {
    const chat = el!;
    await waitUntil(() => renderedMessages(chat).length === 199);
    await logFile(session, 'hide');
    try {
      periodButton(chat, '30 days').click();
      await waitUntil(() => historyBar(chat)!.querySelector('[part="history-error"]'), 'no error shown', { timeout: 8000 });
      const error = historyBar(chat)!.querySelector('[part="history-error"]')!;
      expect(error.getAttribute('role')).to.equal('alert');
      expect(textOf(error)).to.contain('Earlier messages could not be loaded.');
      expect(renderedMessages(chat).length).to.equal(199);
    } finally {
      await logFile(session, 'restore');
    }
    const retry = [...historyBar(chat)!.querySelectorAll('button')].find((b) => textOf(b) === 'Try again')!;
    retry.click();
    // The period loads page after page: wait for its first message, not for the first page.
    const firstShown = () => Number(renderedMessages(chat)[0]?.text.replace('message ', ''));
    await waitUntil(() => firstShown() <= 604 && !historyBar(chat)!.querySelector('[part="history-error"]'), 'Try again did not load the period', { timeout: 8000 });
    // Everything from 30 days ago on is loaded: half of the 60 days, about seq 601 (1,200 events).
    const first = renderedMessages(chat)[0]!.text;
    expect(Number(first.replace('message ', ''))).to.be.within(598, 604);
  });

  it('"30 days" loads every message of the period and shows its first one; "All" loads the rest', async () => {
    const chat = el!;
    await waitUntil(() => renderedMessages(chat).length === 199);
    periodButton(chat, '30 days').click();
    // Times in the seeded log are spread evenly from now - 60 days to now - 1 minute.
    const step = (DAYS * DAY - 60_000) / (EVENTS - 1);
    const startAt = now - DAYS * DAY;
    let firstSeq = 1;
    while (startAt + (firstSeq - 1) * step < now - 30 * DAY) firstSeq++;
    // The period's bound is counted from the element's clock, a moment after the seed.
    await waitUntil(() => texts(chat).length > 199 && !textOf(historyBar(chat)!.querySelector('[part="history-status"]')), 'the period did not load', { timeout: 8000 });
    const first = texts(chat)[0]!;
    const firstShown = Number(first.replace('message ', ''));
    expect(firstShown).to.be.within(firstSeq, firstSeq + 2);
    const log = logElement(chat).getBoundingClientRect();
    const target = renderedMessages(chat)[0]!.element.getBoundingClientRect();
    expect(target.top).to.be.within(log.top - 1, log.bottom);

    periodButton(chat, 'All').click();
    await waitUntil(() => texts(chat)[0] === textAt(3), 'everything did not load', { timeout: 10000 });
    expect(texts(chat)).to.have.length(EVENTS - 3);
    expect(texts(chat)).to.include('the first question');
    // The edit logged long after its message applies once the message is loaded.
    expect(texts(chat)).to.include('edited long after');
  });
});

describe('"7 days" on a fixed clock (a session of 3,000 events over 30 days)', () => {
  it('loads exactly the messages of the last seven days: the first at or after the bound, none older, none missing', async () => {
    const count = 3000;
    const days = 30;
    const session = newSessionId();
    const { now } = await seedLongSession(session, count, days);
    const chat = await mountChat(await chatBox(), session, { name: 'Tina Tech', id: 'tech', role: 'technician' }, (el) => {
      // The period is counted back from the element's clock: fixed at the moment of the seed.
      el.clock = { now: () => now, setTimeout: (callback, ms) => setTimeout(callback, ms), clearTimeout: (handle) => clearTimeout(handle as number) };
    });
    try {
      await waitUntil(() => historyBar(chat) !== null && periodButton(chat, '7 days'), 'the history buttons did not appear', { timeout: 8000 });
      await waitUntil(() => renderedMessages(chat).length === 199, 'the last page did not render');
      // The seeded times (test/support/long-session.mjs): evenly from now - 30 days to now - 1 minute.
      const step = (days * DAY - 60_000) / (count - 1);
      const at = (seq: number) => Math.round(now - days * DAY + (seq - 1) * step);
      const from = now - 7 * DAY;
      const expected: string[] = [];
      for (let seq = 3; seq <= count; seq++) {
        if (at(seq) < from || seq === count - 10) continue; // older than the period, or the edit
        expected.push(seq === count - 5 ? `answer to the first question (${seq})` : textAt(seq));
      }
      expect(expected.length, 'the period needs more than the first page').to.be.above(600);

      periodButton(chat, '7 days').click();
      await waitUntil(() => texts(chat).length > 199 && !textOf(historyBar(chat)!.querySelector('[part="history-status"]')), 'the period did not load', { timeout: 10000 });
      expect(texts(chat)).to.deep.equal(expected);
      // The log shows the period's first message.
      const log = logElement(chat).getBoundingClientRect();
      const first = renderedMessages(chat)[0]!.element.getBoundingClientRect();
      expect(first.top).to.be.within(log.top - 1, log.bottom);
    } finally {
      unmount(chat);
    }
  });
});
