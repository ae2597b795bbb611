import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import { a11ySnapshot, emulateMedia, findAccessibilityNode, sendKeys } from '@web/test-runner-commands';
import '../../src/index.js';
import { ChatIntentEvent, type ChatErrorEvent, type MessageActionEvent } from '../../src/index.js';
import { logElement, renderedMessages } from './support/dom.js';
import {
  actionsButton,
  deepActiveElement,
  expectFocusOn,
  menu,
  menuItem,
  menuItemNames,
  messageWith,
  openMenu,
  part,
  waitForMessage,
} from './support/message-actions.js';
import { mountPair, say } from './support/chat-pair.js';
import { newSessionId, startRelay } from './support/relay.js';
import { expectAccessible } from './support/a11y.js';
import type { AxTreeNode as AxNode } from './support/a11y-tree.js';

// A message's "More actions" menu: its audits, mouse and keyboard use, host-defined items and refusals.
// Editing and deleting are in message-edit-delete.test.ts; replies, reactions and copy in message-replies-reactions.test.ts.

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
