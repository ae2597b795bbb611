import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
// Only the launcher: the full widget must come from its import() on the first interaction.
import '../../src/launcher.js';
import type { SessionChatLauncher } from '../../src/launcher.js';
import type { SessionClient } from '../../src/client/index.js';
import { joinAs, newSessionId, relayUrl, tokenFor } from './support/relay.js';
import { expectAccessible } from './support/a11y.js';
import { composerTextarea, renderedMessages } from './support/dom.js';

const shadow = (el: SessionChatLauncher) => el.shadowRoot!;
const logText = (el: SessionChatLauncher) => shadow(el).querySelector('[role="log"]')!.textContent ?? '';
const textarea = (el: SessionChatLauncher) => shadow(el).querySelector('textarea')!;

/** Bob's launcher in `session`, phone-sized, live; `lang` on the element as hosts set it. */
async function mountLauncher(session: string, lang = 'en'): Promise<SessionChatLauncher> {
  const server = await relayUrl();
  const token = await tokenFor(session, { role: 'customer', name: 'Bob' });
  const box = await fixture<HTMLDivElement>(html`<div style="width: 360px; height: 560px">
    <session-chat-launcher lang=${lang} server=${server} token=${token}></session-chat-launcher>
  </div>`);
  const el = box.querySelector('session-chat-launcher')!;
  await waitUntil(() => el.client?.connectionState === 'live', 'the launcher did not connect', { timeout: 5000 });
  return el;
}

describe('<session-chat-launcher>', () => {
  let others: SessionClient[] = [];
  const other = async (session: string) => {
    const client = await joinAs(session, { role: 'technician', name: 'Alice' });
    others.push(client);
    return client;
  };
  afterEach(() => {
    for (const client of others) client.close();
    others = [];
  });

  // First: nothing in this page has loaded the full widget yet.
  it('shows the conversation and the composer without loading the full widget, then loads it on the first interaction', async () => {
    const session = newSessionId();
    const alice = await other(session);
    await alice.send('Hello from the console');
    const el = await mountLauncher(session);
    await waitUntil(() => logText(el).includes('Hello from the console'), 'the history did not show');
    await alice.send('A live one');
    await waitUntil(() => logText(el).includes('A live one'), 'a live message did not show');
    expect(shadow(el).querySelector('[role="log"]')!.getAttribute('aria-label')).to.equal('Messages');
    expect(textarea(el).getAttribute('aria-label')).to.equal('Message');
    expect(shadow(el).querySelector('button')!.textContent).to.equal('Send');
    expect(shadow(el).querySelector('[part="participants"]')!.textContent).to.contain('Alice');
    await expectAccessible(el);
    expect(customElements.get('session-chat'), 'the full widget loaded before any interaction').to.equal(undefined);

    const upgraded = oneEvent(el, 'launcher-upgrade');
    textarea(el).dispatchEvent(new PointerEvent('pointerdown', { bubbles: true, composed: true }));
    const { detail } = await upgraded;
    expect(customElements.get('session-chat')).to.not.equal(undefined);
    expect(detail.element.parentElement).to.equal(el);
    expect(detail.element.client, 'the full widget made a second connection').to.equal(el.client);
    expect((shadow(el).querySelector('.shell') as HTMLElement).hidden).to.equal(true);
    await waitUntil(() => renderedMessages(detail.element).some((m) => m.text === 'A live one'), 'the full widget did not show the conversation');
    expect(renderedMessages(detail.element).map((m) => m.text)).to.deep.equal(['Hello from the console', 'A live one']);
  });

  it('sends from its composer before the full widget is there', async () => {
    const session = newSessionId();
    const alice = await other(session);
    const el = await mountLauncher(session);
    const heard = new Promise<string>((resolve) => alice.addEventListener('event', (e) => e.detail.event.type === 'message.sent' && resolve(e.detail.event.text)));
    textarea(el).value = 'Sent from the launcher';
    shadow(el).querySelector('form')!.requestSubmit();
    expect(await heard).to.equal('Sent from the launcher');
    expect(textarea(el).value).to.equal('');
    await waitUntil(() => logText(el).includes('Sent from the launcher'), 'the own message did not show');
    expect(shadow(el).querySelector('[part~="own-message"]')!.textContent).to.contain('Sent from the launcher');
  });

  it('hands what was typed to the full widget, which sends it over the same connection', async () => {
    const session = newSessionId();
    const alice = await other(session);
    const el = await mountLauncher(session);
    textarea(el).value = 'Half typed';
    const full = await el.upgrade();
    const area = composerTextarea(full);
    expect(area.value).to.equal('Half typed');
    const heard = new Promise<string>((resolve) => alice.addEventListener('event', (e) => e.detail.event.type === 'message.sent' && resolve(e.detail.event.text)));
    area.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true }));
    expect(await heard).to.equal('Half typed');
    const bob = alice.presence.find((p) => p.name === 'Bob');
    expect(bob?.connections, 'the launcher and the full widget share one socket').to.equal(1);
  });

  it('joins again as the participant of a new token', async () => {
    const session = newSessionId();
    const alice = await other(session);
    const el = await mountLauncher(session);
    const first = el.client!;
    el.setAttribute('token', await tokenFor(session, { role: 'customer', name: 'Carol' }));
    await waitUntil(() => el.client !== first && el.client?.connectionState === 'live', 'no new connection for the new token');
    expect(first.connectionState).to.equal('closed');
    expect(el.client!.me?.name).to.equal('Carol');
    await waitUntil(() => alice.presence.some((p) => p.name === 'Carol' && p.online), 'Carol did not come online');
  });

  it('says why it cannot join, and that the session ended (the composer then off)', async () => {
    const forged = document.createElement('session-chat-launcher');
    forged.setAttribute('server', await relayUrl());
    forged.setAttribute('token', 'not.a.token');
    document.body.append(forged);
    const status = () => forged.shadowRoot!.querySelector('[role="status"]')!.textContent;
    try {
      await waitUntil(() => status() === 'Your access to this chat is not valid.', `the status said "${status()}"`);
    } finally {
      forged.remove();
    }
    const session = newSessionId();
    const alice = await other(session);
    const el = await mountLauncher(session);
    await alice.endSession();
    await waitUntil(() => textarea(el).disabled, 'the composer stayed on after the end');
    expect(shadow(el).querySelector('[role="status"]')!.textContent).to.equal('Session ended');
    expect(textarea(el).placeholder).to.equal('This session has ended: no more messages can be sent.');
    expect(shadow(el).querySelector('button')!.disabled).to.equal(true);
  });

  it('closes its connection when removed from the page', async () => {
    const el = await mountLauncher(newSessionId());
    const client = el.client!;
    el.remove();
    expect(client.connectionState).to.equal('closed');
  });

  it('speaks the page language and lays out right to left in Arabic', async () => {
    const el = await mountLauncher(newSessionId(), 'ar');
    await waitUntil(() => textarea(el).getAttribute('aria-label') === 'الرسالة', 'the Arabic strings did not load');
    const form = shadow(el).querySelector('form')!;
    const [area, button] = [textarea(el).getBoundingClientRect(), shadow(el).querySelector('button')!.getBoundingClientRect()];
    expect(getComputedStyle(form).direction).to.equal('rtl');
    expect(button.right, 'Send sits left of the text field right to left').to.be.at.most(area.left + 1);
    await expectAccessible(el);
  });
});
