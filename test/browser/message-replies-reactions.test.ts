import { expect, waitUntil } from '@open-wc/testing';
import { a11ySnapshot, findAccessibilityNode, sendKeys } from '@web/test-runner-commands';
import '../../src/index.js';
import { composerTextarea, logElement } from './support/dom.js';
import { actionsButton, choose, deepActiveElement, expectFocusOn, menu, menuItem, messageWith, part, waitForMessage } from './support/message-actions.js';
import { mountPair, say } from './support/chat-pair.js';
import { newSessionId, startRelay } from './support/relay.js';
import { expectAccessible } from './support/a11y.js';
import type { AxTreeNode as AxNode } from './support/a11y-tree.js';

// Replying to a message, reacting to it and copying it, from its menu; the menu itself is in message-menu.test.ts.

describe('message actions', () => {
  afterEach(async () => {
    await startRelay();
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

});
