import { expect, waitUntil } from '@open-wc/testing';
import '../../src/index.js';
import { chatBox, mountChat } from './support/chat-elements.js';
import { waitForCard } from './support/files.js';
import { waitForMessage } from './support/message-actions.js';
import { joinAs, newSessionId } from './support/relay.js';

// Each message text and file name takes its direction from its own first strong character
// (dir="auto"): Arabic reads right to left inside an English widget, and English stays left to right.

describe('text direction of what people write', () => {
  it('an Arabic message and file name run right to left, an English one left to right, in the same log', async () => {
    const session = newSessionId();
    const alice = await joinAs(session, { role: 'technician', name: 'Alice' });
    const arabic = 'مرحبا، كيف يمكنني المساعدة؟';
    await alice.send(arabic);
    await alice.send('Hello, how can I help?');
    await alice.shareFiles([new File(['x'], 'تقرير.txt', { type: 'text/plain' })])[0]!.done;
    const el = await mountChat(await chatBox(), session, { name: 'Bob' });
    const rtl = await waitForMessage(el, arabic);
    const ltr = await waitForMessage(el, 'Hello, how can I help?');
    const direction = (node: Element | null | undefined) => (node ? getComputedStyle(node).direction : 'missing');
    // Both carry dir="auto": the direction comes from what was written, not from the widget.
    expect(rtl.shadowRoot!.querySelector('[part="text"]')!.getAttribute('dir')).to.equal('auto');
    expect(ltr.shadowRoot!.querySelector('[part="text"]')!.getAttribute('dir')).to.equal('auto');
    expect(direction(rtl.shadowRoot!.querySelector('[part="text"]'))).to.equal('rtl');
    expect(direction(ltr.shadowRoot!.querySelector('[part="text"]'))).to.equal('ltr');
    const card = await waitForCard(el, 'تقرير.txt');
    await waitUntil(() => card.shadowRoot?.querySelector('[part="name"]'), 'the card did not render');
    expect(card.shadowRoot!.querySelector('[part="name"]')!.getAttribute('dir')).to.equal('auto');
    expect(direction(card.shadowRoot!.querySelector('[part="name"]'))).to.equal('rtl');
    expect(getComputedStyle(el).direction, 'the widget itself stays left to right').to.equal('ltr');
    alice.close();
  });
});
