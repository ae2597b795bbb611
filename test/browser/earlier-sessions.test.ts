import { expect, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/index.js';
import type { SessionChat } from '../../src/components/session-chat/session-chat.component.js';
import { ErrorCodes, type SessionChatError } from '../../src/index.js';
import { expectAccessible } from './support/a11y.js';
import { chatBox, mountChat } from './support/chat-elements.js';
import { joinAs, newSessionId } from './support/relay.js';

/** The "Earlier sessions" element in the header, once its chunk rendered it. */
function earlierRoot(el: SessionChat): ShadowRoot | null {
  return el.shadowRoot!.querySelector('session-chat-earlier-sessions')?.shadowRoot ?? null;
}
const button = (el: SessionChat) => earlierRoot(el)?.querySelector<HTMLButtonElement>('button[aria-label="Earlier sessions"]') ?? null;
const byText = (root: ParentNode, selector: string, text: string) =>
  [...root.querySelectorAll<HTMLElement>(selector)].find((node) => node.textContent!.trim() === text) ?? null;

/** An ended session of `customer`, with a transcript: Tina helps, Ann writes. */
async function endedSession(customer: string, texts: string[]): Promise<string> {
  const session = newSessionId();
  const tina = await joinAs(session, { role: 'technician', name: 'Tina', customer });
  const ann = await joinAs(session, { role: 'customer', name: 'Ann' });
  for (const text of texts) await ann.send(text);
  await tina.endSession();
  await waitUntil(() => tina.state.transcript !== null, 'no transcript', { timeout: 8000 });
  tina.close();
  ann.close();
  await new Promise((resolve) => setTimeout(resolve, 5));
  return session;
}

describe('"Earlier sessions"', () => {
  it('a technician lists the customer\'s earlier sessions and reads one, read-only; a customer has no button and is refused', async () => {
    const customer = `ACME-${Math.random().toString(36).slice(2, 8)}`;
    const older = await endedSession(customer, ['The printer jams', '<img src=x onerror="window.__pwned=1">']);
    await endedSession(customer, ['Wi-Fi drops', 'Again today', 'Thanks']);
    await endedSession(`OTHER-${customer}`, ['Not this customer']);

    const session = newSessionId();
    const box = await chatBox();
    const tom = await mountChat(box, session, { name: 'Tom', role: 'technician' });
    // The reference comes with the customer's token: the technician's button appears once Ann joins.
    const ann = await mountChat(box, session, { name: 'Ann', role: 'customer', customer });
    await waitUntil(() => button(tom), 'no "Earlier sessions" button for the technician', { timeout: 5000 });
    expect(earlierRoot(ann), 'a customer has no Earlier sessions').to.equal(null);
    let refusal: SessionChatError | null = null;
    await ann.client!.earlierSessions().catch((error: SessionChatError) => (refusal = error));
    expect(refusal!.code).to.equal(ErrorCodes.STAFF_ONLY);

    const root = earlierRoot(tom)!;
    button(tom)!.click();
    await waitUntil(() => root.querySelectorAll('.session').length === 2, 'the two earlier sessions are not listed', { timeout: 5000 });
    const dialog = root.querySelector('dialog')!;
    expect(dialog.open).to.equal(true);
    expect(root.getElementById('earlier-title')!.textContent!.trim()).to.equal(`Earlier sessions of ${customer}`);
    const items = [...root.querySelectorAll<HTMLButtonElement>('.session')];
    expect(items.map((item) => item.querySelector('.detail:last-child')!.textContent!.trim())).to.deep.equal(['Messages: 3', 'Messages: 2']);
    expect(items.every((item) => item.textContent!.includes('Technician: Tina'))).to.equal(true);
    expect(root.activeElement, 'the newest session has the focus').to.equal(items[0]);
    await expectAccessible(tom);

    // The older one: its messages as text, by author and time, marked read-only, nothing to write with.
    items[1]!.click();
    await waitUntil(() => root.querySelector('.messages'), 'the transcript did not open', { timeout: 5000 });
    expect(root.querySelector('.read-only')!.textContent!.trim()).to.equal('Read-only transcript');
    const texts = [...root.querySelectorAll('.message .text')].map((p) => p.textContent);
    expect(texts).to.deep.equal(['The printer jams', '<img src=x onerror="window.__pwned=1">']);
    expect(root.querySelector('.messages img'), 'text stays text').to.equal(null);
    expect((window as { __pwned?: number }).__pwned).to.equal(undefined);
    expect([...root.querySelectorAll('.message .author')].map((a) => a.textContent)).to.deep.equal(['Ann', 'Ann']);
    expect(root.querySelectorAll('.message time[datetime]').length).to.equal(2);
    expect(root.querySelector('textarea, input, [contenteditable]'), 'no composer in the transcript').to.equal(null);
    expect(root.activeElement).to.equal(root.querySelector('.back'));
    await expectAccessible(tom);

    // Back to the list, on the session that was opened; Escape closes and the focus returns to the button.
    byText(root, 'button', 'Back to the list')!.click();
    await waitUntil(() => root.querySelectorAll('.session').length === 2, 'the list did not come back');
    expect((root.activeElement as HTMLElement).dataset.session).to.equal(older);
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !dialog.open, 'Escape did not close the dialog');
    expect(root.activeElement).to.equal(button(tom));
  });

  it('mirrors in right-to-left text: entries start at the right, the back arrow points right', async () => {
    const customer = `RTL-${Math.random().toString(36).slice(2, 8)}`;
    await endedSession(customer, ['مرحبا', 'The printer jams']);
    const session = newSessionId();
    const box = await chatBox();
    box.dir = 'rtl';
    const tom = await mountChat(box, session, { name: 'Tom', role: 'technician', customer });
    await waitUntil(() => button(tom), 'no "Earlier sessions" button', { timeout: 5000 });
    const root = earlierRoot(tom)!;
    button(tom)!.click();
    await waitUntil(() => root.querySelector('.session'), 'no session listed', { timeout: 5000 });
    const item = root.querySelector<HTMLElement>('.session')!;
    const when = item.querySelector('.when')!.getBoundingClientRect();
    const itemBox = item.getBoundingClientRect();
    expect(Math.abs(itemBox.right - 12 - when.right), 'the date sits against the right padding').to.be.below(2);
    item.click();
    await waitUntil(() => root.querySelector('.messages'), 'the transcript did not open', { timeout: 5000 });
    expect(getComputedStyle(root.querySelector('.back svg')!).transform).to.equal('matrix(-1, 0, 0, 1, 0, 0)');
    expect(root.querySelector('.message .text')!.getAttribute('dir')).to.equal('auto');
    await expectAccessible(tom);
    root.querySelector('dialog')!.close();
  });

  it('is not shown to a technician of a session without a customer reference', async () => {
    const session = newSessionId();
    const box = await chatBox();
    const tom = await mountChat(box, session, { name: 'Tom', role: 'technician' });
    await mountChat(box, session, { name: 'Ann', role: 'customer' });
    const list = await tom.client!.earlierSessions();
    expect(list).to.deep.equal({ customer: null, items: [], next: null });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(earlierRoot(tom)).to.equal(null);
  });
});
