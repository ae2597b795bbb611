import { aTimeout, expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { a11ySnapshot, emulateMedia, findAccessibilityNode, sendKeys } from '@web/test-runner-commands';
import '../../src/index.js';
import type { SessionChat } from '../../src/components/session-chat/session-chat.component.js';
import { ChatIntentEvent, type ChatErrorEvent, type ChatMessageEvent, type MessageActionEvent } from '../../src/index.js';
import { composerTextarea, logElement, renderedMessages } from './support/dom.js';
import {
  actionsButton,
  choose,
  deepActiveElement,
  deepQuery,
  openDeleteDialog,
  expectFocusOn,
  dialogButton,
  menu,
  menuItem,
  menuItemNames,
  messageWith,
  openMenu,
  part,
  waitForMessage,
} from './support/message-actions.js';
import { newSessionId, relayUrl, startRelay, tokenFor } from './support/relay.js';
import { expectAccessible } from './support/a11y.js';

interface AxNode {
  role: string;
  name: string;
  description?: string;
  pressed?: boolean | 'mixed';
  children: AxNode[];
}

/**
 * Two participants of one session, each with their own `<session-chat>` in this page: the
 * technician Tom and the customer Ann, side by side, both live.
 */
async function mountPair(session: string): Promise<{ tom: SessionChat; ann: SessionChat }> {
  const server = await relayUrl();
  const [tomToken, annToken] = await Promise.all([
    tokenFor(session, { role: 'technician', name: 'Tom' }),
    tokenFor(session, { role: 'customer', name: 'Ann' }),
  ]);
  const box = await fixture<HTMLDivElement>(html`
    <div style="display: flex; gap: 8px">
      <div style="width: 360px; height: 480px"><session-chat id="tom" server=${server} token=${tomToken}></session-chat></div>
      <div style="width: 360px; height: 480px"><session-chat id="ann" server=${server} token=${annToken}></session-chat></div>
    </div>
  `);
  const tom = box.querySelector<SessionChat>('#tom')!;
  const ann = box.querySelector<SessionChat>('#ann')!;
  await waitUntil(() => tom.connectionState === 'live' && ann.connectionState === 'live', 'not both live', { timeout: 5000 });
  // Each knows the other (the join of the second reached the first).
  await waitUntil(() => tom.client!.state.participants.length === 2 && ann.client!.state.participants.length === 2, 'joins');
  return { tom, ann };
}

/** Sends `text` as the element's participant, through its client, and waits until both show it. */
async function say(from: SessionChat, text: string, ...others: SessionChat[]): Promise<void> {
  await from.client!.send(text);
  for (const el of [from, ...others]) await waitForMessage(el, text);
}

/** Collects an element's `chat-message` events that announce edits. */
function editEvents(el: SessionChat): ChatMessageEvent[] {
  const seen: ChatMessageEvent[] = [];
  el.addEventListener('chat-message', (event) => {
    if (event.detail.edit) seen.push(event);
  });
  return seen;
}

async function editInPlace(el: SessionChat, text: string, replacement: string, notify: boolean): Promise<void> {
  const message = await waitForMessage(el, text);
  await choose(message, 'Edit');
  await waitUntil(() => part(message, 'editor'), 'no editor');
  const editor = part(message, 'editor') as HTMLTextAreaElement;
  await waitUntil(() => deepActiveElement() === editor, 'the editor is not focused');
  expect(editor.value, 'the editor starts with the original text').to.equal(text);
  const checkbox = deepQuery<HTMLInputElement>(message.shadowRoot!, 'input[type="checkbox"]')!;
  expect(checkbox.checked, '"Notify others" is off by default').to.equal(false);
  if (notify) checkbox.click();
  editor.focus();
  editor.select();
  await sendKeys({ type: replacement });
  await sendKeys({ press: 'Enter' });
}

describe('message actions', () => {
  afterEach(async () => {
    await startRelay();
  });

  it('passes the accessibility audit with the actions menu open', async () => {
    const { tom, ann } = await mountPair(newSessionId());
    await say(ann, 'My printer is offline', tom);
    const message = await waitForMessage(ann, 'My printer is offline');
    await expectAccessible(ann);
    await openMenu(message);
    await expectAccessible(ann);
    const snapshot = (await a11ySnapshot({})) as unknown as AxNode;
    const items = ['React', 'Reply', 'Copy', 'Edit', 'Delete'].map((name) =>
      findAccessibilityNode<AxNode>(snapshot, (n) => n.role === 'menuitem' && n.name === name),
    );
    expect(items.every(Boolean), 'menu items by accessible name').to.equal(true);
    expect(findAccessibilityNode<AxNode>(snapshot, (n) => n.role === 'menu'), 'a menu').to.not.equal(null);
  });

  it('passes the audit in the dark theme with a quote, reactions, an edit, a tombstone and the menu open', async () => {
    const { tom, ann } = await mountPair(newSessionId());
    await say(ann, 'first', tom);
    await say(ann, 'second', tom);
    const [first, second] = ann.client!.state.messages;
    await tom.client!.send('answer', { replyTo: first!.id });
    await tom.client!.react(second!.id, '👍');
    await ann.client!.edit(second!.id, 'second, edited', { notify: true });
    await ann.client!.delete(first!.id);
    const answer = await waitForMessage(tom, 'answer');
    await waitUntil(() => part(answer, 'quote')?.textContent?.includes('deleted message'), 'quote');
    const edited = await waitForMessage(tom, 'second, edited');
    await waitUntil(() => part(edited, 'reaction') && part(edited, 'edited'), 'reaction and edited mark');
    await emulateMedia({ colorScheme: 'dark' });
    try {
      await expectAccessible(tom);
      await openMenu(edited);
      await expectAccessible(tom);
    } finally {
      await emulateMedia({ colorScheme: 'light' });
    }
  });

  describe('the menu', () => {
    it('opens with the mouse, lists the actions the rules allow and closes on a click outside', async () => {
      const { tom, ann } = await mountPair(newSessionId());
      await say(ann, 'own message', tom);
      const message = await waitForMessage(ann, 'own message');
      const button = actionsButton(message)!;
      expect(button.getAttribute('aria-label')).to.equal('More actions');
      expect(button.getAttribute('aria-haspopup')).to.equal('menu');
      expect(button.getAttribute('aria-expanded')).to.equal('false');

      const opened = await openMenu(message);
      expect(button.getAttribute('aria-expanded')).to.equal('true');
      expect(menuItemNames(message)).to.deep.equal(['React', 'Reply', 'Copy', 'Remind me', 'Edit', 'Delete']);
      // The menu is in the top layer, next to its button (below it, or above when it does not fit), and visible.
      const rect = opened.getBoundingClientRect();
      const anchor = button.getBoundingClientRect();
      expect(rect.height).to.be.greaterThan(50);
      expect(Math.min(Math.abs(rect.top - anchor.bottom), Math.abs(rect.bottom - anchor.top))).to.be.lessThan(80);

      document.body.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true, composed: true }));
      await message.updateComplete;
      expect(menu(message) === null, 'menu(message) is gone').to.equal(true);
      expect(button.getAttribute('aria-expanded')).to.equal('false');
    });

    it('works with the keyboard only: Tab, Enter, arrows, Home, End, Escape', async () => {
      const { tom, ann } = await mountPair(newSessionId());
      await say(ann, 'keyboard please', tom);
      const message = await waitForMessage(ann, 'keyboard please');
      logElement(ann).focus();
      await sendKeys({ press: 'Tab' });
      const button = actionsButton(message)!;
      expectFocusOn(button, 'Tab reaches "More actions"');
      expect(getComputedStyle(button).opacity, 'visible when focused').to.equal('1');

      await sendKeys({ press: 'Enter' });
      await waitUntil(() => menu(message)?.matches(':popover-open'), 'Enter did not open the menu');
      const focusedName = () => deepActiveElement()?.textContent?.trim();
      await waitUntil(() => focusedName() === 'React', 'the first item is not focused');
      await sendKeys({ press: 'ArrowDown' });
      expect(focusedName()).to.equal('Reply');
      await sendKeys({ press: 'ArrowDown' });
      expect(focusedName()).to.equal('Copy');
      await sendKeys({ press: 'End' });
      expect(focusedName()).to.equal('Delete');
      await sendKeys({ press: 'ArrowDown' });
      expect(focusedName(), 'wraps to the first').to.equal('React');
      await sendKeys({ press: 'ArrowUp' });
      expect(focusedName(), 'wraps to the last').to.equal('Delete');
      await sendKeys({ press: 'Home' });
      expect(focusedName()).to.equal('React');

      await sendKeys({ press: 'Escape' });
      await message.updateComplete;
      expect(menu(message) === null, 'Escape closes').to.equal(true);
      expectFocusOn(button, 'the focus is back on "More actions"');

      // Space opens it too, and Enter activates an item: React shows the quick reactions.
      await sendKeys({ press: 'Space' });
      await waitUntil(() => focusedName() === 'React', 'Space did not open the menu');
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => menu(message)?.getAttribute('aria-label') === 'React', 'React did not open the reactions');
      expect(menuItemNames(message)).to.deep.equal(['👍', '❤️', '😂', '😮', '🙏', '✅', 'More emoji…']);
      await waitUntil(() => focusedName() === '👍', 'the first emoji is not focused');
      await sendKeys({ press: 'ArrowRight' });
      expect(focusedName()).to.equal('❤️');
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => messageWith(tom, 'keyboard please')?.message?.reactions[0]?.emoji === '❤️', 'the reaction did not arrive');
      expectFocusOn(button, 'the focus is back on "More actions"');
    });

    it('offers no actions on a deleted message and none on a message still sending', async () => {
      const { tom, ann } = await mountPair(newSessionId());
      await say(ann, 'soon gone', tom);
      const message = await waitForMessage(tom, 'soon gone');
      await ann.client!.delete(ann.client!.state.messages[0]!.id);
      await waitUntil(() => message.message?.deleted, 'not deleted');
      await message.updateComplete;
      expect(actionsButton(message) === null, 'actionsButton(message) is gone').to.equal(true);
      expect(part(message, 'reactions') === null, 'part(message, "reactions") is gone').to.equal(true);
    });
  });

  describe('editing', () => {
    it('with "Notify others": the other side shows the new text, "edited", a chat-message with edit: true and a highlight', async () => {
      const { tom, ann } = await mountPair(newSessionId());
      await say(ann, 'The printer is HP', tom);
      const announced = editEvents(tom);
      const ownAnnounced = editEvents(ann);

      await editInPlace(ann, 'The printer is HP', 'The printer is Canon', true);

      const theirs = await waitForMessage(tom, 'The printer is Canon');
      const edited = part(theirs, 'edited')!;
      expect(edited.textContent!.trim()).to.equal('edited');
      expect(edited.title).to.match(/^Edited /);
      expect(edited.getAttribute('aria-describedby')).to.equal('edited-at');
      expect(theirs.shadowRoot!.getElementById('edited-at')!.textContent).to.equal(edited.title);
      await waitUntil(() => announced.length === 1, 'no chat-message with edit: true');
      expect(announced[0]!.detail.message.text).to.equal('The printer is Canon');
      expect(announced[0]!.detail.own).to.equal(false);
      expect(announced[0]!.composed).to.equal(true);
      await tom.updateComplete;
      expect(theirs.getAttribute('part')).to.contain('notified-message');
      expect(theirs.getAttribute('highlight')).to.equal('notified');

      // The author's own view shows the new text and "edited" but announces nothing to itself.
      const mine = await waitForMessage(ann, 'The printer is Canon');
      expect(part(mine, 'edited')).to.exist;
      expect(mine.getAttribute('part')).to.not.contain('notified-message');
      expect(ownAnnounced).to.have.length(0);
      expectFocusOn(actionsButton(mine), 'the focus returns to "More actions"');

      // The highlight fades and goes.
      await waitUntil(() => !theirs.getAttribute('part')!.includes('notified-message'), 'the highlight stayed', { timeout: 9000 });
    });

    it('without "Notify others": the change is silent (no chat-message, no highlight)', async () => {
      const { tom, ann } = await mountPair(newSessionId());
      await say(ann, 'typo hre', tom);
      const announced = editEvents(tom);
      await editInPlace(ann, 'typo hre', 'typo here', false);
      const theirs = await waitForMessage(tom, 'typo here');
      expect(part(theirs, 'edited')).to.exist;
      await aTimeout(300);
      await tom.updateComplete;
      expect(announced).to.have.length(0);
      expect(theirs.getAttribute('part')).to.not.contain('notified-message');
      expect(theirs.hasAttribute('highlight')).to.equal(false);
    });

    it('never announces edits replayed from the history', async () => {
      const session = newSessionId();
      const { tom, ann } = await mountPair(session);
      await say(ann, 'before you came', tom);
      await ann.client!.edit(ann.client!.state.messages[0]!.id, 'edited before you came', { notify: true });
      // A third participant joins later: the notified edit is history for them.
      const late = await fixture<HTMLDivElement>(html`<div style="height: 300px"></div>`);
      const el = document.createElement('session-chat');
      const announced = editEvents(el);
      el.server = await relayUrl();
      el.token = await tokenFor(session, { role: 'technician', name: 'Late' });
      late.append(el);
      const message = await waitForMessage(el, 'edited before you came');
      expect(part(message, 'edited')).to.exist;
      await aTimeout(200);
      expect(announced).to.have.length(0);
      expect(message.hasAttribute('highlight')).to.equal(false);
    });

    it('keeps lines with Shift+Enter and cancels with Escape', async () => {
      const { tom, ann } = await mountPair(newSessionId());
      await say(ann, 'one line', tom);
      const message = await waitForMessage(ann, 'one line');
      await choose(message, 'Edit');
      await waitUntil(() => part(message, 'editor'), 'no editor');
      const editor = part(message, 'editor') as HTMLTextAreaElement;
      await waitUntil(() => deepActiveElement() === editor, 'editor focus');
      await sendKeys({ down: 'Shift' });
      await sendKeys({ press: 'Enter' });
      await sendKeys({ up: 'Shift' });
      await sendKeys({ type: 'two' });
      expect(editor.value).to.equal('one line\ntwo');
      const label = deepQuery(message.shadowRoot!, 'label')!;
      expect(label.textContent!.trim()).to.equal('Notify others about this change');
      await expectAccessible(ann);
      await sendKeys({ press: 'Escape' });
      await message.updateComplete;
      expect(part(message, 'editor') === null, 'part(message, "editor") is gone').to.equal(true);
      expect(part(message, 'text')!.textContent).to.equal('one line');
      await aTimeout(200);
      expect(ann.client!.state.messages[0]!.edited).to.equal(null);
      expectFocusOn(actionsButton(message), 'focus');
    });
  });

  describe('deleting', () => {
    it('asks first: Cancel keeps the message, "Yes, delete" leaves a tombstone on the other screen', async () => {
      const { tom, ann } = await mountPair(newSessionId());
      await say(ann, 'my password is hunter2', tom);
      const message = await waitForMessage(ann, 'my password is hunter2');
      await choose(message, 'Delete');
      let dialog = await openDeleteDialog(ann);
      expect(dialog.matches(':modal')).to.equal(true);
      expect(dialog.querySelector('#question')!.textContent).to.equal('Delete this message for everyone?');
      expect(dialog.getAttribute('aria-labelledby')).to.equal('question');
      expect(dialog.getAttribute('role')).to.equal('alertdialog');
      expect(dialog.querySelector('#detail')!.textContent).to.equal('my password is hunter2');
      await expectAccessible(ann);
      const snapshot = (await a11ySnapshot({})) as unknown as AxNode;
      expect(findAccessibilityNode<AxNode>(snapshot, (n) => n.role === 'button' && n.name === 'Yes, delete')).to.not.equal(null);
      expect(findAccessibilityNode<AxNode>(snapshot, (n) => n.role === 'button' && n.name === 'Cancel')).to.not.equal(null);
      // The focus is inside the dialog, on the safe choice.
      expectFocusOn(dialogButton(dialog, 'Cancel'), 'focus');

      await sendKeys({ press: 'Enter' });
      await waitUntil(() => !dialog.open, 'Cancel did not close');
      expectFocusOn(actionsButton(message), 'the focus is back on "More actions"');
      await aTimeout(200);
      expect(ann.client!.state.messages[0]!.deleted).to.equal(null);
      expect(messageWith(tom, 'my password is hunter2')).to.exist;

      // Escape cancels too.
      await choose(message, 'Delete');
      dialog = await openDeleteDialog(ann);
      await sendKeys({ press: 'Escape' });
      await waitUntil(() => !dialog.open, 'Escape did not close');
      await aTimeout(200);
      expect(ann.client!.state.messages[0]!.deleted).to.equal(null);

      await choose(message, 'Delete');
      dialog = await openDeleteDialog(ann);
      dialogButton(dialog, 'Yes, delete').click();
      const tombstone = await waitForMessage(tom, 'Message deleted');
      const text = part(tombstone, 'text')!.textContent!.replace(/\s+/g, ' ').trim();
      expect(text).to.match(/^Message deleted by Ann, \S+/);
      expect(text).to.not.contain('hunter2');
      expect(actionsButton(tombstone) === null, 'actionsButton(tombstone) is gone').to.equal(true);
      await waitForMessage(ann, 'Message deleted');
    });

    it("a customer's menu on the technician's message has no Delete; a technician's menu on a customer's message has", async () => {
      const { tom, ann } = await mountPair(newSessionId());
      await say(tom, 'from the technician', ann);
      await say(ann, 'from the customer', tom);
      const onTechnicians = await waitForMessage(ann, 'from the technician');
      await openMenu(onTechnicians);
      expect(menuItemNames(onTechnicians)).to.deep.equal(['React', 'Reply', 'Copy', 'Remind me']);

      const onCustomers = await waitForMessage(tom, 'from the customer');
      await openMenu(onCustomers);
      expect(menuItemNames(onCustomers)).to.deep.equal(['React', 'Reply', 'Copy', 'Remind me', 'Delete']);
      menuItem(onCustomers, 'Delete').click();
      const dialog = await openDeleteDialog(tom);
      dialogButton(dialog, 'Yes, delete').click();
      const tombstone = await waitForMessage(ann, 'Message deleted');
      expect(part(tombstone, 'text')!.textContent).to.contain('by Tom');
    });
  });

  describe('replying', () => {
    it('quotes the target above the composer, sends replyTo, and the quote leads to the original', async () => {
      const { tom, ann } = await mountPair(newSessionId());
      await say(ann, 'Which cable is it?', tom);
      for (let i = 0; i < 12; i++) await tom.client!.send(`filler ${i}`);
      await waitForMessage(ann, 'filler 11');
      const original = await waitForMessage(tom, 'Which cable is it?');

      await choose(original, 'Reply');
      const bar = tom.shadowRoot!.querySelector<HTMLElement>('[part~="reply-bar"]')!;
      expect(bar, 'the reply bar').to.exist;
      expect(bar.textContent!.replace(/\s+/g, ' ')).to.contain('Replying to Ann').and.to.contain('Which cable is it?');
      const cancel = bar.querySelector('button')!;
      expect(cancel.getAttribute('aria-label')).to.equal('Cancel reply');
      await waitUntil(() => deepActiveElement() === composerTextarea(tom), 'the composer is not focused');
      await expectAccessible(tom);

      await sendKeys({ type: 'The blue one' });
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => !tom.shadowRoot!.querySelector('[part~="reply-bar"]'), 'the reply bar stayed');
      const reply = await waitForMessage(ann, 'The blue one');
      const sent = ann.client!.state.messages.find((m) => m.text === 'The blue one')!;
      expect(sent.replyTo).to.equal(ann.client!.state.messages[0]!.id);

      const quote = part(reply, 'quote') as HTMLButtonElement;
      expect(quote.tagName).to.equal('BUTTON');
      expect(quote.textContent!.replace(/\s+/g, ' ').trim()).to.equal('Ann Which cable is it?');
      const target = messageWith(ann, 'Which cable is it?')!;
      const log = logElement(ann);
      const inView = () => {
        const r = target.getBoundingClientRect();
        const l = log.getBoundingClientRect();
        return r.bottom > l.top && r.top < l.bottom;
      };
      await waitUntil(() => !inView(), 'the original should start out of view');
      quote.focus();
      await sendKeys({ press: 'Enter' });
      await waitUntil(inView, 'the quote did not scroll to the original');
      await ann.updateComplete;
      expect(target.getAttribute('part')).to.contain('highlighted-message');
      expect(target.getAttribute('highlight')).to.equal('target');
      expectFocusOn(part(target, 'text'), 'the focus moves to the original');

      // Once the original is deleted the quote says so.
      await ann.client!.delete(ann.client!.state.messages[0]!.id);
      await waitUntil(() => part(reply, 'quote')?.textContent?.trim() === 'deleted message', 'the quote still shows the text');
      const onTom = await waitForMessage(tom, 'The blue one');
      await waitUntil(() => part(onTom, 'quote')?.textContent?.trim() === 'deleted message', 'not on the other screen');
    });

    it('"Cancel reply" and Escape drop the reply', async () => {
      const { tom, ann } = await mountPair(newSessionId());
      await say(ann, 'question', tom);
      const original = await waitForMessage(tom, 'question');
      await choose(original, 'Reply');
      await tom.updateComplete;
      tom.shadowRoot!.querySelector<HTMLButtonElement>('[part~="reply-bar"] button')!.click();
      await tom.updateComplete;
      expect(tom.shadowRoot!.querySelector('[part~="reply-bar"]') === null, 'the reply bar is gone').to.equal(true);
      expectFocusOn(composerTextarea(tom), 'focus');

      await choose(original, 'Reply');
      await tom.updateComplete;
      await waitUntil(() => deepActiveElement() === composerTextarea(tom), 'composer focus');
      await sendKeys({ press: 'Escape' });
      await tom.updateComplete;
      expect(tom.shadowRoot!.querySelector('[part~="reply-bar"]') === null, 'the reply bar is gone').to.equal(true);
      await sendKeys({ type: 'not a reply' });
      await sendKeys({ press: 'Enter' });
      await waitForMessage(ann, 'not a reply');
      expect(tom.client!.state.messages.at(-1)!.replyTo).to.equal(null);
    });
    it('drops the reply when its target is deleted meanwhile, and still sends the message', async () => {
      const { tom, ann } = await mountPair(newSessionId());
      await say(ann, 'soon deleted', tom);
      await choose(await waitForMessage(tom, 'soon deleted'), 'Reply');
      await waitUntil(() => tom.shadowRoot!.querySelector('[part~="reply-bar"]'), 'no reply bar');
      await ann.client!.delete(ann.client!.state.messages[0]!.id);
      await waitUntil(() => !tom.shadowRoot!.querySelector('[part~="reply-bar"]'), 'the reply bar stayed');
      composerTextarea(tom).focus();
      await sendKeys({ type: 'still sent' });
      await sendKeys({ press: 'Enter' });
      await waitForMessage(ann, 'still sent');
      expect(tom.client!.state.messages.at(-1)!.replyTo).to.equal(null);
      await tom.updateComplete;
      expect(tom.shadowRoot!.querySelector('[part="status"]')!.textContent).to.not.contain('deleted');
    });
  });

  describe('reactions', () => {
    it('toggle and count for two participants, with names and aria-pressed', async () => {
      const { tom, ann } = await mountPair(newSessionId());
      await say(ann, 'It works now!', tom);
      const onTom = await waitForMessage(tom, 'It works now!');
      await choose(onTom, 'React');
      await waitUntil(() => menu(onTom)?.getAttribute('aria-label') === 'React', 'no reactions row');
      menuItem(onTom, '👍').click();

      const onAnn = await waitForMessage(ann, 'It works now!');
      const reaction = () => part(onAnn, 'reaction') as HTMLButtonElement | null;
      await waitUntil(() => reaction(), 'the reaction did not arrive');
      expect(reaction()!.textContent!.trim()).to.equal('👍 1');
      expect(reaction()!.getAttribute('aria-label')).to.equal('👍 1 reaction: Tom');
      expect(reaction()!.getAttribute('aria-pressed')).to.equal('false');
      expect(reaction()!.title).to.equal('Tom');

      reaction()!.click();
      await waitUntil(() => reaction()?.textContent?.trim() === '👍 2', 'my reaction did not count');
      expect(reaction()!.getAttribute('aria-label')).to.equal('👍 2 reactions: Tom, Ann');
      expect(reaction()!.getAttribute('aria-pressed')).to.equal('true');
      const tomsReaction = () => part(onTom, 'reaction') as HTMLButtonElement | null;
      await waitUntil(() => tomsReaction()?.textContent?.trim() === '👍 2', 'not counted on the other side');
      expect(tomsReaction()!.getAttribute('aria-pressed')).to.equal('true');
      await expectAccessible(ann);
      const snapshot = (await a11ySnapshot({})) as unknown as AxNode;
      const node = findAccessibilityNode<AxNode>(snapshot, (n) => n.name === '👍 2 reactions: Tom, Ann');
      expect(node?.role).to.equal('button');

      reaction()!.click();
      await waitUntil(() => reaction()?.textContent?.trim() === '👍 1', 'my reaction did not toggle off');
      expect(reaction()!.getAttribute('aria-pressed')).to.equal('false');
      tomsReaction()!.click();
      await waitUntil(() => !reaction(), 'the last reaction did not go');
    });
  });

  describe('copy', () => {
    it('puts the plain text on the clipboard and says "Copied" politely', async () => {
      const { tom, ann } = await mountPair(newSessionId());
      const text = 'Serial: AB-123\nModel: <LaserJet>';
      await say(tom, text, ann);
      const message = await waitForMessage(ann, 'Serial: AB-123');
      await navigator.clipboard.writeText('before');
      await choose(message, 'Copy');
      await waitUntil(async () => (await navigator.clipboard.readText()) === text, 'the clipboard does not hold the text');
      const notice = ann.shadowRoot!.querySelector<HTMLElement>('[part~="notice"]')!;
      expect(notice.getAttribute('role')).to.equal('status');
      await waitUntil(() => notice.textContent === 'Copied', 'no confirmation');
      expectFocusOn(actionsButton(message), 'focus');
    });

    it('falls back to a selection copy where the Clipboard API refuses', async () => {
      const { tom, ann } = await mountPair(newSessionId());
      await say(tom, 'fallback text', ann);
      const message = await waitForMessage(ann, 'fallback text');
      const original = navigator.clipboard.writeText;
      const copied: string[] = [];
      const onCopy = () => copied.push(String(deepActiveElement() && (deepActiveElement() as HTMLTextAreaElement).value));
      navigator.clipboard.writeText = () => Promise.reject(new DOMException('denied', 'NotAllowedError'));
      document.addEventListener('copy', onCopy, true);
      try {
        await choose(message, 'Copy');
        const notice = ann.shadowRoot!.querySelector<HTMLElement>('[part~="notice"]')!;
        await waitUntil(() => notice.textContent === 'Copied', 'no confirmation');
      } finally {
        navigator.clipboard.writeText = original;
        document.removeEventListener('copy', onCopy, true);
      }
      expect(copied).to.deep.equal(['fallback text']);
      expect(await navigator.clipboard.readText()).to.equal('fallback text');
      expectFocusOn(actionsButton(message), 'the focus comes back');
    });
  });

  describe('host-defined actions', () => {
    it('appends them to every menu and fires message-action with the message', async () => {
      const { tom, ann } = await mountPair(newSessionId());
      tom.messageActions = [
        { id: 'ticket', label: 'Create ticket' },
        { id: 'kb', label: 'Search the knowledge base' },
      ];
      await say(ann, 'Error 0x80070005', tom);
      const message = await waitForMessage(tom, 'Error 0x80070005');
      await openMenu(message);
      expect(menuItemNames(message)).to.deep.equal(['React', 'Reply', 'Copy', 'Remind me', 'Delete', 'Create ticket', 'Search the knowledge base']);
      const fired = oneEvent(document.body, 'message-action') as Promise<MessageActionEvent>;
      menuItem(message, 'Create ticket').click();
      const event = await fired;
      expect(event.detail.action).to.equal('ticket');
      expect(event.detail.message.text).to.equal('Error 0x80070005');
      expect(event.detail.message.id).to.equal(tom.client!.state.messages[0]!.id);
      expect(event.composed).to.equal(true);
      expect(event.target === tom, 'dispatched by the element').to.equal(true);
      // The other element has no host actions.
      const onAnn = await waitForMessage(ann, 'Error 0x80070005');
      await openMenu(onAnn);
      expect(menuItemNames(onAnn)).to.deep.equal(['React', 'Reply', 'Copy', 'Remind me', 'Edit', 'Delete']);
    });
  });

  it('shows refusals politely through the error path', async () => {
    const { tom, ann } = await mountPair(newSessionId());
    await say(ann, 'race', tom);
    const message = await waitForMessage(tom, 'race');
    await openMenu(message);
    // Ann deletes it while Tom's menu is open: the menu closes; a late react is refused.
    await ann.client!.delete(ann.client!.state.messages[0]!.id);
    await waitUntil(() => menu(message) === null, 'the menu stayed open on a deleted message');
    const failed = oneEvent(tom, 'chat-error') as Promise<ChatErrorEvent>;
    message.dispatchEvent(new ChatIntentEvent({ intent: 'react', message: message.message!, emoji: '👍' }));
    const event = await failed;
    expect(event.detail.error.codeName).to.equal('TARGET_DELETED');
    await tom.updateComplete;
    expect(tom.shadowRoot!.querySelector('[part="status"]')!.textContent).to.contain('That message was deleted.');
    expect(renderedMessages(tom)[0]!.text).to.contain('Message deleted');
  });
});
