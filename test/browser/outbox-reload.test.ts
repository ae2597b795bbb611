import { expect, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/index.js';
import { outboxKey } from '../../src/client/index.js';
import type { SessionChat } from '../../src/components/session-chat/session-chat.component.js';
import { chatBox, otherParticipants, unmount } from './support/chat-elements.js';
import { composerTextarea, renderedMessages } from './support/dom.js';
import { newSessionId, relayUrl, startRelay, stopRelay, tokenFor } from './support/relay.js';

/** A `<session-chat>` for Ann in `session`, in a phone-sized slot of `box`; not waited for (the relay may be down). */
async function mountAnn(box: HTMLElement, session: string): Promise<SessionChat> {
  const slot = document.createElement('div');
  slot.style.cssText = 'width: 360px; height: 480px';
  const el = document.createElement('session-chat');
  el.server = await relayUrl();
  el.token = await tokenFor(session, { name: 'Ann', participant: 'ann' });
  slot.append(el);
  box.append(slot);
  await el.updateComplete;
  return el;
}

async function sendTyped(el: SessionChat, text: string): Promise<void> {
  composerTextarea(el).focus();
  await sendKeys({ type: text });
  await sendKeys({ press: 'Enter' });
  await el.updateComplete;
}

describe('the outbox across a reload', () => {
  // Restarts the relay after each test (this one stops it) and closes Tom.
  const others = otherParticipants();

  it('keeps messages sent while offline through a new element, shows them pending, and delivers each once, in order', async () => {
    const session = newSessionId();
    const tom = await others.join(session, { name: 'Tom', role: 'technician', participant: 'tom' });
    const box = await chatBox();
    const first = await mountAnn(box, session);
    await waitUntil(() => first.connectionState === 'live', 'Ann did not go live', { timeout: 8000 });

    await stopRelay();
    await waitUntil(() => first.connectionState === 'reconnecting', 'did not notice the relay was gone', { timeout: 5000 });
    await sendTyped(first, 'first while offline');
    await sendTyped(first, 'second while offline');
    expect(renderedMessages(first).map((m) => [m.text, m.pending])).to.deep.equal([
      ['first while offline', true],
      ['second while offline', true],
    ]);

    // A reload: the element and its client go, a new one comes for the same person in the same session.
    unmount(first);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const second = await mountAnn(box, session);
    await waitUntil(() => renderedMessages(second).length === 2, 'the new element does not show what was sent offline', { timeout: 5000 });
    expect(renderedMessages(second).map((m) => [m.text, m.pending])).to.deep.equal([
      ['first while offline', true],
      ['second while offline', true],
    ]);

    await startRelay();
    await waitUntil(() => tom.state.messages.length >= 2, 'Tom did not get the messages', { timeout: 15000 });
    await waitUntil(() => renderedMessages(second).every((m) => !m.pending), 'still pending', { timeout: 10000 });
    // Nothing more comes (no second copy from a retry).
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(tom.state.messages.map((m) => [m.text, m.from])).to.deep.equal([
      ['first while offline', 'ann'],
      ['second while offline', 'ann'],
    ]);
    expect(renderedMessages(second).map((m) => m.text)).to.deep.equal(['first while offline', 'second while offline']);
    expect(localStorage.getItem(outboxKey(session, 'ann')), 'acked messages leave the stored outbox').to.equal(null);
    unmount(second);
  });
});
