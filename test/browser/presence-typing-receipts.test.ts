import { aTimeout, expect, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/index.js';
import type { SessionChat } from '../../src/components/session-chat/session-chat.component.js';
import { composerTextarea, logRoot } from './support/dom.js';
import { chatBox, inside, mountChat, participantsText, setPageHidden, textOf, unmount, otherParticipants } from './support/chat-elements.js';
import { waitForMessage } from './support/message-actions.js';
import { joinAs, newSessionId } from './support/relay.js';
import { expectAccessible } from './support/a11y.js';

const TOM = { name: 'Tom', role: 'technician' as const };
const ANN = { name: 'Ann' };

/** The typing line of an element ("Ann is typing…"). */
function typingLine(el: SessionChat): HTMLElement {
  return el.shadowRoot!.querySelector<HTMLElement>('[part="typing"]')!;
}

/** The delivery mark's accessible text on the message with `text`. */
async function deliveryOf(el: SessionChat, text: string): Promise<string> {
  const message = await waitForMessage(el, text);
  return textOf(message.shadowRoot!.querySelector('[part~="delivery"] .visually-hidden'));
}

async function waitForDelivery(el: SessionChat, text: string, expected: string): Promise<void> {
  let last = '';
  await waitUntil(
    async () => (last = await deliveryOf(el, text)) === expected,
    `the mark of "${text}" did not become "${expected}" (is "${last}")`,
    { timeout: 8000 },
  );
}

describe('presence, typing and receipts', () => {
  const others = otherParticipants({ focusedPage: true });

  describe('presence', () => {
    it('shows each participant online, away while their page is hidden, and offline when gone', async () => {
      const session = newSessionId();
      const box = await chatBox();
      const tom = await mountChat(box, session, TOM);
      const ann = await mountChat(box, session, ANN);
      await waitUntil(() => /Ann.*online/.test(participantsText(tom)), 'Ann not online for Tom');
      const dot = () => inside(tom, '[part="presence"]');

      await ann.client!.send('hello from Ann');
      await waitForMessage(tom, 'hello from Ann');
      await waitUntil(() => dot()?.classList.contains('online'), 'no online dot by the author');

      setPageHidden(true);
      await waitUntil(() => /Ann.*away/.test(participantsText(tom)), `Ann not away (${participantsText(tom)})`);
      const annItem = [...tom.shadowRoot!.querySelector('session-chat-participants')!.shadowRoot!.querySelectorAll('li')].find((li) =>
        li.textContent!.includes('Ann'),
      )!;
      expect(annItem.getAttribute('part')).to.equal('participant online away');
      await waitUntil(() => dot()?.classList.contains('away'), 'the dot by the author does not say away');
      setPageHidden(false);
      await waitUntil(() => /Ann.*online/.test(participantsText(tom)), 'Ann not back from away');

      unmount(ann);
      await waitUntil(() => /Ann.*offline/.test(participantsText(tom)), `Ann not offline (${participantsText(tom)})`, { timeout: 5000 });
      expect(dot()?.classList.contains('offline')).to.equal(true);
    });

    it('shows joins and leaves as quiet lines in the log, unless showJoinLeave is false', async () => {
      // A short grace so that "left" is logged soon after the last tab closes.
      await fetch('/__relay/restart?leaveGraceMs=200', { method: 'POST' });
      try {
        const session = newSessionId();
        const box = await chatBox();
        const tom = await mountChat(box, session, TOM);
        const ann = await joinAs(session, { name: 'Ann', participant: 'ann' });
        const lines = () => [...logRoot(tom).querySelectorAll('[part="system-line"]')].map((line) => textOf(line).replace(/ \d.*$/, ''));
        await waitUntil(() => lines().includes('Ann joined'), `no join line (${JSON.stringify(lines())})`);
        expect(lines()[0]).to.equal('Tom joined');
        await ann.send('between');
        await waitForMessage(tom, 'between');
        ann.close();
        await waitUntil(() => lines().includes('Ann left'), `no leave line (${JSON.stringify(lines())})`, { timeout: 5000 });
        // In log order: the message sits between the join and the leave.
        const content = [...logRoot(tom).querySelector('.content')!.children].map((child) =>
          child.matches('[part="system-line"]') ? textOf(child).replace(/ \d.*$/, '') : child.localName === 'session-chat-message' ? 'message' : '',
        );
        expect(content.filter(Boolean)).to.deep.equal(['Tom joined', 'Ann joined', 'message', 'Ann left']);
        const line = logRoot(tom).querySelector('[part="system-line"]')!;
        expect(line.querySelector('time')?.getAttribute('datetime')).to.match(/^\d{4}-/);

        tom.showJoinLeave = false;
        await tom.updateComplete;
        expect(lines()).to.deep.equal([]);
        tom.setAttribute('show-join-leave', '');
        await tom.updateComplete;
        expect(lines()).to.have.length(3);
      } finally {
        await fetch('/__relay/restart', { method: 'POST' });
      }
    });
  });

  describe('typing', () => {
    it('shows "Ann is typing…" in a polite live region while Ann types, and it expires', async () => {
      const session = newSessionId();
      const box = await chatBox();
      const tom = await mountChat(box, session, TOM);
      const ann = await mountChat(box, session, ANN);
      expect(typingLine(tom).getAttribute('role')).to.equal('status');
      expect(textOf(typingLine(tom))).to.equal('');

      composerTextarea(ann).focus();
      await sendKeys({ type: 'Hel' });
      await waitUntil(() => textOf(typingLine(tom)) === 'Ann is typing…', `no typing line (${textOf(typingLine(tom))})`);
      expect(textOf(typingLine(ann)), 'nobody sees their own typing').to.equal('');

      // No more keys: the notice runs out on its own (the client drops it 6 s after the last one).
      const started = Date.now();
      await waitUntil(() => textOf(typingLine(tom)) === '', 'the typing line did not expire', { timeout: 10000 });
      expect(Date.now() - started).to.be.above(2000);

      // Sending clears it at once.
      await sendKeys({ type: 'lo' });
      await waitUntil(() => textOf(typingLine(tom)) !== '', 'typing not shown again');
      await sendKeys({ press: 'Enter' });
      await waitForMessage(tom, 'Hello');
      await waitUntil(() => textOf(typingLine(tom)) === '', 'sending did not clear the typing line', { timeout: 2000 });
    });

    it('names two typists, and sends nothing while the typing setting is off', async () => {
      const session = newSessionId();
      const box = await chatBox();
      const tom = await mountChat(box, session, TOM);
      const ann = await mountChat(box, session, ANN, (el) => (el.sendTyping = false));
      const zoe = await others.join(session, { name: 'Zoe', participant: 'zoe' });

      composerTextarea(ann).focus();
      await sendKeys({ type: 'secret' });
      await aTimeout(600);
      expect(tom.client!.typing, 'typing sent although the setting is off').to.deep.equal([]);

      ann.sendTyping = true;
      await ann.updateComplete;
      await sendKeys({ type: '!' });
      zoe.setTyping(true);
      await waitUntil(() => textOf(typingLine(tom)) === 'Ann and Zoe are typing…', `not both (${textOf(typingLine(tom))})`);
      composerTextarea(ann).blur();
      await waitUntil(() => textOf(typingLine(tom)) === 'Zoe is typing…', `leaving the composer did not stop (${textOf(typingLine(tom))})`);
    });
  });

  describe('delivered and read', () => {
    it('marks one\'s own message "Delivered" while the other is online, then "Read" once they saw it', async () => {
      const session = newSessionId();
      const box = await chatBox();
      const tom = await mountChat(box, session, TOM);
      // Minimised: Ann's widget holds the message but she cannot have seen it.
      const ann = await mountChat(box, session, ANN, (el) => (el.minimized = true));
      await tom.client!.send('Did you restart it?');
      await waitForDelivery(tom, 'Did you restart it?', 'Delivered');
      const mark = (await waitForMessage(tom, 'Did you restart it?')).shadowRoot!.querySelector('[part~="delivery"]')!;
      expect(mark.getAttribute('title')).to.equal('Delivered');
      expect(textOf(mark.querySelector('[aria-hidden="true"]'))).to.equal('✓✓');
      await aTimeout(300);
      expect(await deliveryOf(tom, 'Did you restart it?'), 'read although minimised').to.equal('Delivered');
      expect((await waitForMessage(ann, 'Did you restart it?')).shadowRoot!.querySelector('[part~="delivery"]') === null, 'marks on others\' messages').to.equal(true);

      ann.minimized = false;
      await waitForDelivery(tom, 'Did you restart it?', 'Read');
      await expectAccessible(tom);
    });

    it('stays "Sent" while the other is offline, turns "Delivered" when they come back, "Read" when they look', async () => {
      const session = newSessionId();
      const box = await chatBox();
      const tom = await mountChat(box, session, TOM);
      const ann = await mountChat(box, session, ANN);
      unmount(ann);
      await waitUntil(() => /Ann.*offline/.test(participantsText(tom)), 'Ann still online', { timeout: 5000 });

      await tom.client!.send('Are you there?');
      await waitForDelivery(tom, 'Are you there?', 'Sent');
      await aTimeout(500);
      expect(await deliveryOf(tom, 'Are you there?')).to.equal('Sent');
      const mark = (await waitForMessage(tom, 'Are you there?')).shadowRoot!.querySelector('[part~="delivery"] [aria-hidden="true"]');
      expect(textOf(mark)).to.equal('✓');

      // Ann comes back (the same participant) with her widget minimised, then opens it.
      const back = await mountChat(box, session, ANN, (el) => (el.minimized = true));
      await waitForDelivery(tom, 'Are you there?', 'Delivered');
      back.minimized = false;
      await waitForDelivery(tom, 'Are you there?', 'Read');
    });
  });
});
