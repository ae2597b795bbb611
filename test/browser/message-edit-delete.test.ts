import { aTimeout, expect, fixture, html, waitUntil } from '@open-wc/testing';
import { a11ySnapshot, findAccessibilityNode, sendKeys } from '@web/test-runner-commands';
import '../../src/index.js';
import {
  actionsButton,
  choose,
  deepActiveElement,
  deepQuery,
  editEvents,
  editInPlace,
  openDeleteDialog,
  expectFocusOn,
  dialogButton,
  menuItem,
  menuItemNames,
  messageWith,
  openMenu,
  part,
  waitForMessage,
} from './support/message-actions.js';
import { mountPair, say } from './support/chat-pair.js';
import { newSessionId, relayUrl, startRelay, tokenFor } from './support/relay.js';
import { expectAccessible } from './support/a11y.js';
import type { AxTreeNode as AxNode } from './support/a11y-tree.js';

// Editing a message in place and deleting one after confirmation; the menu itself is in message-menu.test.ts.

describe('message actions', () => {
  afterEach(async () => {
    await startRelay();
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
});
