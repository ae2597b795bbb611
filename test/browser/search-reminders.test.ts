import { aTimeout, expect, waitUntil } from '@open-wc/testing';
import { a11ySnapshot, findAccessibilityNode, sendKeys } from '@web/test-runner-commands';
import '../../src/index.js';
import type { SessionChat } from '../../src/components/session-chat/session-chat.component.js';
import type { SessionChatMessage } from '../../src/components/conversation/session-chat-message/session-chat-message.component.js';
import { chatBox, fastClock, mountChat, textOf, unmount, otherParticipants } from './support/chat-elements.js';
import { choose, deepActiveElement, messageWith, waitForMessage } from './support/message-actions.js';
import { newSessionId } from './support/relay.js';
import { expectAccessible } from './support/a11y.js';
import { logRoot } from './support/dom.js';

interface AxNode {
  role: string;
  name: string;
  children: AxNode[];
}

const BOB = { name: 'Bob' };


function searchInput(el: SessionChat): HTMLInputElement | null {
  return el.shadowRoot!.querySelector('session-chat-search')?.shadowRoot!.querySelector('input') ?? null;
}

function searchCount(el: SessionChat): string {
  return textOf(el.shadowRoot!.querySelector('session-chat-search')?.shadowRoot!.querySelector('[part="search-count"]'));
}

function searchButton(el: SessionChat, name: string): HTMLButtonElement {
  const button = [...el.shadowRoot!.querySelector('session-chat-search')!.shadowRoot!.querySelectorAll('button')].find(
    (b) => b.getAttribute('aria-label') === name,
  );
  if (!button) throw new Error(`no button "${name}" in the search bar`);
  return button;
}

/** The marked texts of a message, the current match in brackets. */
function marks(message: SessionChatMessage | undefined): string[] {
  return [...(message?.shadowRoot!.querySelectorAll('mark') ?? [])].map((m) => (m.matches('[part~="current-match"]') ? `[${m.textContent}]` : m.textContent!));
}

function reminders(): { messageId: string; at: number }[] {
  return JSON.parse(localStorage.getItem('session-chat:reminders:bob') ?? '[]');
}

function notices(el: SessionChat): HTMLElement[] {
  return [...(el.shadowRoot!.querySelector('session-chat-reminders')?.shadowRoot!.querySelectorAll<HTMLElement>('[part="reminder-notice"]') ?? [])];
}

function noticeButton(notice: HTMLElement, name: string): HTMLButtonElement {
  const button = [...notice.querySelectorAll('button')].find((b) => textOf(b) === name);
  if (!button) throw new Error(`no "${name}" in the notice`);
  return button;
}

function reminderDialog(el: SessionChat): HTMLDialogElement | null {
  return el.shadowRoot!.querySelector('session-chat-reminders')?.shadowRoot!.querySelector('dialog') ?? null;
}

function dialogChoice(dialog: HTMLDialogElement, name: string): HTMLButtonElement {
  const button = [...dialog.querySelectorAll('button')].find((b) => textOf(b) === name);
  if (!button) throw new Error(`no "${name}" in the dialog (have ${[...dialog.querySelectorAll('button')].map((b) => textOf(b)).join(' | ')})`);
  return button;
}

async function remindMe(el: SessionChat, text: string): Promise<HTMLDialogElement> {
  await choose(await waitForMessage(el, text), 'Remind me');
  await waitUntil(() => reminderDialog(el)?.open, 'the "Remind me" dialog did not open');
  return reminderDialog(el)!;
}

describe('search and reminders', () => {
  const others = otherParticipants({ cleanup: () => localStorage.removeItem('session-chat:reminders:bob') });
  const alice = (session: string) => others.join(session, { role: 'technician', name: 'Alice', participant: 'alice' });

  describe('search', () => {
    it('marks matches as you type, ignoring case and accents, counts them (file names too) and moves between them', async () => {
      const session = newSessionId();
      const a = await alice(session);
      await a.send('Café au lait?');
      await a.send('I prefer CAFE noir, then cafe crème');
      await a.send('nothing to see');
      await a.send('<i>cafe</i> & tea');
      const [upload] = a.shareFiles([new File(['menu'], 'cafe-menu.txt', { type: 'text/plain' })]);
      await upload!.done;
      const el = await mountChat(await chatBox(), session, BOB);
      await waitForMessage(el, 'tea');
      await waitUntil(() => el.client!.state.messages.length === 5, 'the file message did not arrive');

      const open = el.shadowRoot!.querySelector<HTMLButtonElement>('[part="search-button"]')!;
      expect(open.getAttribute('aria-label')).to.equal('Search');
      open.click();
      await waitUntil(() => searchInput(el), 'no search field');
      await waitUntil(() => deepActiveElement() === searchInput(el), 'the search field is not focused');
      const snapshot = (await a11ySnapshot({})) as unknown as AxNode;
      expect(findAccessibilityNode<AxNode>(snapshot, (n) => n.role === 'searchbox' && n.name === 'Search'), 'searchbox "Search"').to.not.equal(null);

      await sendKeys({ type: 'cafe' });
      await waitUntil(() => searchCount(el) === '1 of 5', `count: "${searchCount(el)}"`);
      expect(marks(messageWith(el, 'au lait'))).to.deep.equal(['[Café]']);
      expect(marks(messageWith(el, 'noir'))).to.deep.equal(['CAFE', 'cafe']);
      expect(marks(messageWith(el, 'nothing'))).to.deep.equal([]);
      // Markup in a message stays text, also inside a mark.
      const markup = messageWith(el, '& tea')!;
      expect(marks(markup)).to.deep.equal(['cafe']);
      expect(markup.shadowRoot!.querySelector('i') === null, 'markup became an element').to.equal(true);
      expect(textOf(markup.shadowRoot!.querySelector('[part="text"]'))).to.equal('<i>cafe</i> & tea');
      await expectAccessible(el);

      searchButton(el, 'Next match').click();
      await waitUntil(() => searchCount(el) === '2 of 5');
      expect(marks(messageWith(el, 'noir'))).to.deep.equal(['[CAFE]', 'cafe']);
      expect(marks(messageWith(el, 'au lait'))).to.deep.equal(['Café']);
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => searchCount(el) === '3 of 5');
      expect(marks(messageWith(el, 'noir'))).to.deep.equal(['CAFE', '[cafe]']);
      searchButton(el, 'Previous match').click();
      await waitUntil(() => searchCount(el) === '2 of 5');
      searchButton(el, 'Previous match').click();
      searchButton(el, 'Previous match').click();
      await waitUntil(() => searchCount(el) === '5 of 5', `wraps to the last: "${searchCount(el)}"`);
      // The fifth match is the shared file's name: its message is the current one.
      const fileMessage = [...logRoot(el).querySelectorAll('session-chat-message')].find((m) => m.message?.file)!;
      expect(fileMessage.currentMatch).to.equal(0);
      expect(fileMessage.searchMatches?.file).to.deep.equal([[0, 4]]);
      const card = fileMessage.shadowRoot!.querySelector('session-chat-file-card')!;
      const nameMarks = () => [...(card.shadowRoot?.querySelectorAll('[part="name"] mark') ?? [])].map((m) => (m.matches('.current') ? `[${m.textContent}]` : m.textContent));
      await waitUntil(() => nameMarks().join() === '[cafe]', `the file name is not marked as current (${JSON.stringify(nameMarks())})`);
      expect(textOf(card.shadowRoot!.querySelector('[part="name"]'))).to.equal('cafe-menu.txt');
      searchButton(el, 'Next match').click();
      await waitUntil(() => searchCount(el) === '1 of 5');
      await waitUntil(() => nameMarks().join() === 'cafe', 'the file name mark stays, no longer current');

      // Accents in the query are ignored too, and a new message that matches is counted.
      const input = searchInput(el)!;
      input.select();
      await sendKeys({ type: 'CRÈME' });
      await waitUntil(() => searchCount(el) === '1 of 1', `count: "${searchCount(el)}"`);
      expect(marks(messageWith(el, 'noir'))).to.deep.equal(['[crème]']);
      await a.send('creme brulee');
      await waitUntil(() => searchCount(el) === '1 of 2', `new message not counted: "${searchCount(el)}"`);

      input.select();
      await sendKeys({ type: 'zzz' });
      await waitUntil(() => searchCount(el) === 'No matches');
      expect(searchButton(el, 'Next match').disabled).to.equal(true);

      await sendKeys({ press: 'Escape' });
      await waitUntil(() => !el.shadowRoot!.querySelector('session-chat-search'), 'Escape did not close the search');
      expect(logRoot(el).querySelectorAll('session-chat-message')[0]!.shadowRoot!.querySelector('mark') === null, 'marks stayed').to.equal(true);
      await waitUntil(() => deepActiveElement() === open, 'the focus did not go back to the Search button');
    });

    it('scrolls the current match into view', async () => {
      const session = newSessionId();
      const a = await alice(session);
      await a.send('the needle is here');
      for (let i = 1; i <= 25; i++) await a.send(`hay ${i}`);
      const el = await mountChat(await chatBox(), session, BOB);
      await waitForMessage(el, 'hay 25');
      el.shadowRoot!.querySelector<HTMLButtonElement>('[part="search-button"]')!.click();
      await waitUntil(() => searchInput(el));
      searchInput(el)!.focus();
      await sendKeys({ type: 'needle' });
      await waitUntil(() => searchCount(el) === '1 of 1');
      const log = logRoot(el).querySelector<HTMLElement>('[part="log"]')!;
      await waitUntil(() => {
        const mark = messageWith(el, 'needle')!.shadowRoot!.querySelector('mark')!.getBoundingClientRect();
        const view = log.getBoundingClientRect();
        return mark.top >= view.top && mark.bottom <= view.bottom;
      }, 'the match is not in view');
      // A new message does not pull the log away from the match.
      await a.send('hay 26');
      await waitForMessage(el, 'hay 26');
      await aTimeout(100);
      expect(log.scrollHeight - log.scrollTop - log.clientHeight).to.be.above(100);
    });
  });

  describe('reminders', () => {
    it('reminds at the chosen time with a notice (and a system notification) that opens the message, snoozes and dismisses', async () => {
      const RealNotification = window.Notification;
      const shown: { title: string; body: string | undefined }[] = [];
      window.Notification = class extends RealNotification {
        constructor(title: string, options?: NotificationOptions) {
          super(title, options);
          shown.push({ title, body: options?.body });
        }
      } as typeof Notification;
      try {
        const session = newSessionId();
        const a = await alice(session);
        await a.send('Please call me back');
        const clock = fastClock(1000);
        const el = await mountChat(await chatBox(), session, BOB, (chat) => {
          chat.clock = clock;
          chat.systemNotifications = true;
        });
        const message = await waitForMessage(el, 'Please call me back');
        const dialog = await remindMe(el, 'Please call me back');
        expect(dialog.getAttribute('aria-labelledby')).to.equal('reminder-title');
        expect(textOf(dialog.querySelector('h2'))).to.equal('Remind me');
        // "This evening" leads the list while the evening is more than an hour away (the presets' own test fixes the clock).
        const choices = [...dialog.querySelectorAll('.choices button')].map((b) => textOf(b)).filter((text) => text !== 'This evening');
        expect(choices).to.deep.equal([
          'Tomorrow',
          'The day after tomorrow',
          'In 1 hour',
          'In 3 hours',
          'In 8 hours',
          'In a week',
          'In a month',
          'At a chosen time…',
        ]);
        await expectAccessible(el);
        const setAt = clock.now();
        dialogChoice(dialog, 'In 1 hour').click();
        await waitUntil(() => !dialog.open, 'the dialog did not close');
        expect(reminders()).to.have.length(1);
        expect(reminders()[0]!.at - setAt).to.be.within(60 * 60_000 - 1000, 60 * 60_000 + 60_000);
        await waitUntil(() => message.shadowRoot!.querySelector('[part="reminder-mark"]'), 'no reminder mark');
        expect(textOf(message.shadowRoot!.querySelector('[part="reminder-mark"] .visually-hidden'))).to.match(/^Reminder at /);
        expect(notices(el), 'not due yet').to.have.length(0);

        // An "hour" later (3.6 s here).
        await waitUntil(() => notices(el).length === 1, 'no reminder notice', { timeout: 8000 });
        const notice = notices(el)[0]!;
        expect(textOf(notice.querySelector('[role="alert"]'))).to.equal('Reminder Alice: Please call me back');
        await waitUntil(() => shown.length === 1, 'no system notification for the reminder');
        expect(shown[0]).to.deep.equal({ title: 'Reminder', body: 'Alice: Please call me back' });
        await expectAccessible(el);

        noticeButton(notice, 'Open message').click();
        await waitUntil(() => message.getAttribute('highlight') === 'target', 'the message was not shown');

        const snoozedAt = clock.now();
        noticeButton(notice, 'Snooze').click();
        await waitUntil(() => notices(el).length === 0, 'snooze did not hide the notice');
        // 10 minutes from the click (this clock runs a minute in 60 ms: allow for the test's own steps).
        expect(reminders()[0]!.at - snoozedAt).to.be.within(10 * 60_000, 11 * 60_000);
        await waitUntil(() => notices(el).length === 1, 'the snoozed reminder did not come back', { timeout: 5000 });

        noticeButton(notices(el)[0]!, 'Dismiss').click();
        await waitUntil(() => notices(el).length === 0, 'dismiss did not hide the notice');
        expect(localStorage.getItem('session-chat:reminders:bob')).to.equal(null);
        await waitUntil(() => !message.shadowRoot!.querySelector('[part="reminder-mark"]'), 'the mark stayed');
      } finally {
        window.Notification = RealNotification;
      }
    });

    it('keeps reminders in the browser and arms them again when the widget comes back', async () => {
      const session = newSessionId();
      const a = await alice(session);
      await a.send('Check the backup tonight');
      const clock = fastClock(1000);
      const box = await chatBox();
      const el = await mountChat(box, session, BOB, (chat) => (chat.clock = clock));
      const dialog = await remindMe(el, 'Check the backup tonight');
      dialogChoice(dialog, 'In 1 hour').click();
      await waitUntil(() => reminders().length === 1);
      unmount(el);

      // A reload: a new element loads the reminders' code by itself, marks the message, fires on time.
      const again = await mountChat(box, session, BOB, (chat) => (chat.clock = clock));
      const message = await waitForMessage(again, 'Check the backup tonight');
      await waitUntil(() => message.shadowRoot!.querySelector('[part="reminder-mark"]'), 'no mark after the reload');
      expect(notices(again)).to.have.length(0);
      await waitUntil(() => notices(again).length === 1, 'the re-armed reminder did not fire', { timeout: 8000 });
      expect(clock.now()).to.be.at.least(reminders()[0]!.at);
    });

    it('offers tomorrow at 9:00 and a chosen time, refusing one in the past', async () => {
      const session = newSessionId();
      const a = await alice(session);
      await a.send('Order the new toner');
      const clock = fastClock(1000);
      const el = await mountChat(await chatBox(), session, BOB, (chat) => (chat.clock = clock));

      let dialog = await remindMe(el, 'Order the new toner');
      dialogChoice(dialog, 'Tomorrow').click();
      await waitUntil(() => reminders().length === 1);
      const tomorrow = new Date(reminders()[0]!.at);
      const expected = new Date(clock.now());
      expected.setDate(expected.getDate() + 1);
      expect([tomorrow.getDate(), tomorrow.getHours(), tomorrow.getMinutes()]).to.deep.equal([expected.getDate(), 9, 0]);

      dialog = await remindMe(el, 'Order the new toner');
      expect(textOf(dialog)).to.contain('Reminder set for');
      // The title names the time set; "Reset reminder" takes it away.
      expect(textOf(dialog.querySelector('h2'))).to.match(/^Remind me: .+/);
      expect(textOf(dialog.querySelector('h2'))).to.not.equal('Remind me');
      dialogChoice(dialog, 'Reset reminder').click();
      await waitUntil(() => reminders().length === 0, 'the reminder stayed after Reset');
      await waitUntil(() => !dialog.open, 'the dialog did not close');
      dialogChoice((dialog = await remindMe(el, 'Order the new toner')), 'Tomorrow').click();
      await waitUntil(() => reminders().length === 1);
      dialog = await remindMe(el, 'Order the new toner');
      dialogChoice(dialog, 'At a chosen time…').click();
      const input = await waitUntil(() => dialog.querySelector<HTMLInputElement>('input[type="datetime-local"]'), 'no date and time field').then(
        () => dialog.querySelector<HTMLInputElement>('input[type="datetime-local"]')!,
      );
      expect(textOf(input.closest('label'))).to.equal('Date and time');
      const local = (at: number) => {
        const d = new Date(at);
        const two = (n: number) => String(n).padStart(2, '0');
        return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}T${two(d.getHours())}:${two(d.getMinutes())}`;
      };
      input.value = local(clock.now() - 60 * 60_000);
      dialogChoice(dialog, 'Set reminder').click();
      await waitUntil(() => dialog.querySelector('[role="alert"]'), 'a time in the past was accepted');
      expect(textOf(dialog.querySelector('[role="alert"]'))).to.equal('Choose a time in the future.');
      input.value = local(clock.now() + 3 * 60_000);
      dialogChoice(dialog, 'Set reminder').click();
      await waitUntil(() => !dialog.open, 'the dialog did not close');
      expect(reminders()).to.have.length(1);
      await waitUntil(() => notices(el).length === 1, 'the chosen time did not fire', { timeout: 5000 });
    });
  });
});
