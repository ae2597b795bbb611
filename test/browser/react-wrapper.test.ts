import { expect, waitUntil } from '@open-wc/testing';
import { createElement, createRef } from 'react';
import { flushSync } from 'react-dom';
import { createRoot, type Root } from 'react-dom/client';
import { SessionChat, type SessionChatProps } from '../../src/react/index.js';
import { ChatMessageEvent, SessionChat as SessionChatElement, type ConnectionState } from '../../src/index.js';
import type { SessionClient } from '../../src/client/index.js';
import { joinAs, newSessionId, relayUrl, tokenFor } from './support/relay.js';

describe('session-chat/react', () => {
  let container: HTMLDivElement;
  let root: Root;
  let others: SessionClient[] = [];

  /** Renders `props` into the page's React root and returns the element React made. */
  function render(props: SessionChatProps): SessionChatElement {
    flushSync(() => root.render(createElement(SessionChat, props)));
    const element = container.querySelector('session-chat');
    if (!element) throw new Error('React rendered no <session-chat>');
    return element;
  }

  /** A customer's props for a fresh session: the relay's URL and a join token. */
  async function customer(session = newSessionId()): Promise<{ session: string; server: string; token: string }> {
    return { session, server: await relayUrl(), token: await tokenFor(session, { role: 'customer', name: 'Bob' }) };
  }

  beforeEach(() => {
    container = document.createElement('div');
    container.style.height = '480px';
    document.body.append(container);
    root = createRoot(container);
  });

  afterEach(() => {
    flushSync(() => root.unmount());
    container.remove();
    for (const client of others) client.close();
    others = [];
  });

  it('renders the registered <session-chat> with server and token set on it, and a ref to it', async () => {
    const { server, token } = await customer();
    const ref = createRef<SessionChatElement>();
    const element = render({ ref, server, token, minimized: true });
    expect(customElements.get('session-chat')).to.equal(SessionChatElement);
    expect(element).to.be.instanceOf(SessionChatElement);
    expect(ref.current).to.equal(element);
    expect(element.server).to.equal(server);
    expect(element.token).to.equal(token);
    expect(element.minimized).to.equal(true);
    await waitUntil(() => element.connectionState === 'live', 'the element did not go live with the props React set', { timeout: 5000 });
  });

  it("calls on… handlers with the element's own events and their typed detail", async () => {
    const { session, server, token } = await customer();
    const states: ConnectionState[] = [];
    const messages: ChatMessageEvent[] = [];
    render({
      server,
      token,
      onConnectionChange: (event) => states.push(event.detail.state),
      onChatMessage: (event) => messages.push(event),
    });
    await waitUntil(() => states.includes('live'), `never live (states: ${states.join(', ')})`, { timeout: 5000 });
    const alice = await joinAs(session, { role: 'technician', name: 'Alice' });
    others.push(alice);
    await alice.send('Hello from Alice');
    await waitUntil(() => messages.length === 1, 'onChatMessage was not called', { timeout: 5000 });
    const [event] = messages;
    expect(event).to.be.instanceOf(ChatMessageEvent);
    expect(event!.type).to.equal('chat-message');
    expect(event!.detail.message.text).to.equal('Hello from Alice');
    expect(event!.detail.own).to.equal(false);
  });

  it('moves events to the handler of the latest render and updates changed props', async () => {
    const { session, server, token } = await customer();
    const first: string[] = [];
    const second: string[] = [];
    const element = render({ server, token, onChatMessage: (event) => first.push(event.detail.message.text) });
    await waitUntil(() => element.connectionState === 'live', 'never live', { timeout: 5000 });
    render({ server, token, minimized: true, onChatMessage: (event) => second.push(event.detail.message.text) });
    expect(element.minimized).to.equal(true);
    const alice = await joinAs(session, { role: 'technician', name: 'Alice' });
    others.push(alice);
    await alice.send('After the re-render');
    await waitUntil(() => second.length === 1, 'the new handler was not called', { timeout: 5000 });
    expect(second).to.deep.equal(['After the re-render']);
    expect(first).to.deep.equal([]);
  });
});
