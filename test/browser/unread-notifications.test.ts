import { aTimeout, expect, nextFrame, oneEvent, waitUntil } from '@open-wc/testing';
import '../../src/index.js';
import type { SessionChat } from '../../src/components/session-chat/session-chat.component.js';
import type { UnreadChangeEvent } from '../../src/index.js';
import { logElement, logRoot } from './support/dom.js';
import { chatBox, mountChat, setPageHidden, textOf, otherParticipants } from './support/chat-elements.js';
import { messageWith, waitForMessage } from './support/message-actions.js';
import { newSessionId } from './support/relay.js';
import { expectAccessible } from './support/a11y.js';

const BOB = { name: 'Bob' };

function badge(el: SessionChat): HTMLElement | null {
  return el.shadowRoot!.querySelector<HTMLElement>('[part="unread-badge"]');
}

/** What `unread-change` said, in order. */
function unreadCounts(el: SessionChat): number[] {
  const counts: number[] = [];
  el.addEventListener('unread-change', (event: UnreadChangeEvent) => counts.push(event.detail.count));
  return counts;
}

/**
 * Scrolls the log and waits for its scroll event; a log already there fires none, so the
 * wait is bounded (an unbounded wait hung the whole browser suite once).
 */
async function scrollLog(log: HTMLElement, top: number): Promise<void> {
  const before = log.scrollTop;
  const scrolled = oneEvent(log, 'scroll');
  log.scrollTop = top;
  if (log.scrollTop !== before) await Promise.race([scrolled, aTimeout(2000)]);
}

async function scrollToEnd(el: SessionChat): Promise<void> {
  const log = logElement(el);
  await scrollLog(log, log.scrollHeight);
}

describe('unread messages and notifications', () => {
  const others = otherParticipants({ focusedPage: true });
  const alice = (session: string) => others.join(session, { role: 'technician', name: 'Alice', participant: 'alice' });

  describe('the unread count', () => {
    it('counts messages that arrive while scrolled up, with a badge, unread-change and a "New messages" divider', async () => {
      const session = newSessionId();
      const a = await alice(session);
      for (let i = 1; i <= 20; i++) await a.send(`history ${i}`);
      const el = await mountChat(await chatBox(), session, BOB);
      await waitForMessage(el, 'history 20');
      await nextFrame();
      // (Elements never go to chai: a failure would print a whole Lit element.)
      expect(badge(el) === null, 'everything shown at the end was read').to.equal(true);
      await waitUntil(() => el.client!.readSeq === el.client!.state.lastSeq, 'history not marked read');
      const counts = unreadCounts(el);

      const log = logElement(el);
      await scrollLog(log, 0);
      await a.send('while you scrolled up');
      await a.send('and another one');
      await waitUntil(() => textOf(badge(el)).startsWith('2'), `badge: "${textOf(badge(el))}"`);
      expect(counts).to.deep.equal([1, 2]);
      expect(textOf(badge(el)!.querySelector('.visually-hidden'))).to.equal('2 unread messages');
      expect(log.scrollTop, 'the log did not follow').to.equal(0);

      // The divider sits right before the first unread message.
      const divider = logRoot(el).querySelector('[part="unread-divider"]')!;
      expect(textOf(divider)).to.equal('New messages');
      expect(divider.nextElementSibling === messageWith(el, 'while you scrolled up'), 'the divider is right before the first unread').to.equal(true);

      // "Jump to first unread" goes there (the message gets the focus) without reading the rest.
      const jump = el.shadowRoot!.querySelector<HTMLButtonElement>('[part="first-unread-button"]')!;
      expect(textOf(jump)).to.equal('Jump to first unread');
      await expectAccessible(el);
      jump.click();
      await waitUntil(() => {
        const box = messageWith(el, 'while you scrolled up')!.getBoundingClientRect();
        const view = log.getBoundingClientRect();
        return box.top >= view.top - 1 && box.bottom <= view.bottom + 1;
      }, 'the first unread message is not in view');

      await scrollToEnd(el);
      await waitUntil(() => badge(el) === null, 'reading the end did not clear the badge');
      expect(counts).to.deep.equal([1, 2, 0]);
      await waitUntil(() => a.receipts.some((r) => r.participantId === 'bob' && r.read === a.state.lastSeq), 'read not reported');
      expect(el.shadowRoot!.querySelector('[part="first-unread-button"]') === null, 'no jump button once read').to.equal(true);
      expect(logRoot(el).querySelector('[part="unread-divider"]') !== null, 'the divider stays where the unread began').to.equal(true);
    });

    it('counts while the page is hidden and while minimized, and clears when seen again', async () => {
      const session = newSessionId();
      const a = await alice(session);
      const el = await mountChat(await chatBox(), session, BOB);
      const counts = unreadCounts(el);

      setPageHidden(true);
      await a.send('one');
      await a.send('two');
      await waitUntil(() => counts.at(-1) === 2, `counts: ${JSON.stringify(counts)}`);
      expect(el.client!.readSeq).to.be.below(el.client!.state.lastSeq);
      setPageHidden(false);
      await waitUntil(() => counts.at(-1) === 0, `not cleared when visible: ${JSON.stringify(counts)}`);

      el.minimized = true;
      await el.updateComplete;
      expect(el.hasAttribute('minimized')).to.equal(true);
      expect(getComputedStyle(logElement(el)).display === 'none' || logElement(el).offsetParent === null).to.equal(true);
      await a.send('three');
      await waitUntil(() => counts.at(-1) === 1, `not counted while minimized: ${JSON.stringify(counts)}`);
      expect(textOf(badge(el)).startsWith('1')).to.equal(true);
      await a.send('four');
      await waitUntil(() => counts.at(-1) === 2);
      el.minimized = false;
      await waitUntil(() => counts.at(-1) === 0, `not cleared when restored: ${JSON.stringify(counts)}`);
      // Own messages are never unread.
      setPageHidden(true);
      await el.client!.send('mine');
      await aTimeout(300);
      expect(counts.at(-1)).to.equal(0);
    });
  });

  describe('notifications', () => {
    let RealNotification: typeof Notification;
    let shown: { title: string; options: NotificationOptions | undefined; instance: Notification }[] = [];

    beforeEach(() => {
      RealNotification = window.Notification;
      shown = [];
      const record = shown;
      // A real Notification, with every one the widget makes recorded.
      window.Notification = class extends RealNotification {
        constructor(title: string, options?: NotificationOptions) {
          super(title, options);
          record.push({ title, options, instance: this });
        }
      } as typeof Notification;
    });

    afterEach(() => {
      for (const { instance } of shown) instance.close();
      window.Notification = RealNotification;
    });

    it('shows a system notification for a new message on a hidden page; clicking it shows the message', async () => {
      expect(Notification.permission).to.equal('granted');
      const session = newSessionId();
      const a = await alice(session);
      const el = await mountChat(await chatBox(), session, BOB, (chat) => (chat.systemNotifications = true));

      await a.send('visible page, no notification');
      await waitForMessage(el, 'visible page, no notification');
      await aTimeout(200);
      expect(shown).to.have.length(0);

      setPageHidden(true);
      await a.send('The printer is back online\nsecond line stays out');
      await waitUntil(() => shown.length === 1, 'no notification');
      expect(shown[0]!.title).to.equal('Alice');
      expect(shown[0]!.options?.body).to.equal('The printer is back online');

      // An edit announced with "Notify others" counts as new.
      const target = a.state.messages.find((m) => m.text.startsWith('The printer'))!;
      await a.edit(target.id, 'The printer is back online (fixed)', { notify: true });
      await waitUntil(() => shown.length === 2, 'no notification for the announced edit');
      expect(shown[1]!.title).to.equal('Alice edited a message');
      await a.edit(target.id, 'silent fix', { notify: false });
      await aTimeout(300);
      expect(shown, 'a silent edit notified').to.have.length(2);

      setPageHidden(false);
      const message = await waitForMessage(el, 'silent fix');
      logElement(el).scrollTop = 0;
      shown[0]!.instance.dispatchEvent(new Event('click'));
      await waitUntil(() => message.getAttribute('highlight') === 'target', 'the message was not shown');
      expect(message.getAttribute('part')).to.contain('highlighted-message');
    });

    it('sends no system notification when the setting is off, and plays a beep on a hidden page when sound is on', async () => {
      const session = newSessionId();
      const a = await alice(session);
      const beeps: number[] = [];
      const createOscillator = AudioContext.prototype.createOscillator;
      AudioContext.prototype.createOscillator = function (this: AudioContext) {
        beeps.push(Date.now());
        return createOscillator.call(this);
      };
      try {
        const el = await mountChat(await chatBox(), session, BOB, (chat) => (chat.sound = false));
        setPageHidden(true);
        await a.send('quiet');
        await waitForMessage(el, 'quiet');
        await aTimeout(300);
        expect(beeps, 'a beep with sound off').to.have.length(0);
        expect(shown, 'a notification with the setting off').to.have.length(0);

        el.sound = true;
        // At most one beep a second: let those of the tests before go by.
        await aTimeout(1100);
        await a.send('loud');
        await waitUntil(() => beeps.length === 1, 'no beep');
      } finally {
        AudioContext.prototype.createOscillator = createOscillator;
      }
    });
  });
});
