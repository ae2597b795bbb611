import { expect, waitUntil } from '@open-wc/testing';
import '../../src/index.js';
import type { SessionChat } from '../../src/components/session-chat/session-chat.component.js';
import { expectAccessible } from './support/a11y.js';
import { chatBox, mountChat } from './support/chat-elements.js';
import { waitForMessage } from './support/message-actions.js';
import { joinAs, newSessionId } from './support/relay.js';

// A message sent while a recipient is offline stays greyed until every recipient has it (the
// delivered mark); offline participants are greyed in the header.

const partsOf = (node: Element) => (node.getAttribute('part') ?? '').split(/\s+/);
function participant(el: SessionChat, name: string): HTMLElement | undefined {
  const list = el.shadowRoot!.querySelector('session-chat-participants')!.shadowRoot!;
  return [...list.querySelectorAll<HTMLElement>('li')].find((li) => li.querySelector('.name')!.textContent!.trim() === name);
}

describe('offline grey', () => {
  it('greys a message sent while the customer is offline until they receive it, and the offline name in the header', async () => {
    const session = newSessionId();
    let ann = await joinAs(session, { role: 'customer', name: 'Ann', participant: 'ann' });
    const tom = await mountChat(await chatBox(), session, { name: 'Tom', role: 'technician' });
    await tom.client!.send('while Ann is here');
    const seen = await waitForMessage(tom, 'while Ann is here');
    await waitUntil(() => seen.shadowRoot!.querySelector('[part~="delivery-delivered"]'), 'delivered while Ann is online');
    expect(seen.hasAttribute('undelivered')).to.equal(false);

    ann.close();
    await waitUntil(() => partsOf(participant(tom, 'Ann')!).includes('offline'), 'Ann did not show offline');
    const name = participant(tom, 'Ann')!.querySelector('.name')!;
    const online = participant(tom, 'Tom (you)')!;
    // Greyed: the muted colour of the role labels, not the online name's.
    expect(getComputedStyle(name).color, 'the offline name is greyed').to.equal(getComputedStyle(online.querySelector('.role')!).color);
    expect(getComputedStyle(name).color).to.not.equal(getComputedStyle(online.querySelector('.name')!).color);

    await tom.client!.send('sent while Ann is away');
    const waiting = await waitForMessage(tom, 'sent while Ann is away');
    await waitUntil(() => waiting.hasAttribute('undelivered'), 'the message was not greyed');
    expect(partsOf(waiting)).to.include('undelivered-message');
    expect(getComputedStyle(waiting).color).to.not.equal(getComputedStyle(seen).color);
    expect(seen.hasAttribute('undelivered'), 'a message Ann has is not greyed').to.equal(false);
    await expectAccessible(tom);

    // Ann comes back and receives it: the grey goes.
    ann = await joinAs(session, { role: 'customer', name: 'Ann', participant: 'ann' });
    await waitUntil(() => ann.state.messages.some((m) => m.text === 'sent while Ann is away'), 'Ann did not get the message');
    await waitUntil(() => !waiting.hasAttribute('undelivered'), 'the grey stayed after Ann received it', { timeout: 8000 });
    expect(partsOf(waiting)).to.not.include('undelivered-message');
    await waitUntil(() => partsOf(participant(tom, 'Ann')!).includes('online'), 'Ann did not show online');
    ann.close();
  });
});
