import { aTimeout, expect, fixture, html, nextFrame, oneEvent, waitUntil } from '@open-wc/testing';
import { a11ySnapshot, emulateMedia, findAccessibilityNode, sendKeys } from '@web/test-runner-commands';
import '../../src/index.js';
import { registerTranslation } from '../../src/index.js';
import type { SessionClient } from '../../src/client/index.js';
import type { SessionChat } from '../../src/components/session-chat/session-chat.component.js';
import type { ChatErrorEvent, ChatMessageEvent, ConnectionChangeEvent } from '../../src/index.js';
import { composerTextarea, logElement, renderedMessages, sendButton, statusText, logRoot } from './support/dom.js';
import { joinAs, newSessionId, relayUrl, restartRelay, startRelay, stopRelay, tokenFor } from './support/relay.js';
import { expectAccessible } from './support/a11y.js';

interface AxNode {
  role: string;
  name: string;
  children: AxNode[];
}

/** `<session-chat>` for a customer "Bob" in `session`, inside a phone-sized box, connected and live. */
async function mountChat(session: string, options: { height?: number } = {}): Promise<SessionChat> {
  const server = await relayUrl();
  const token = await tokenFor(session, { role: 'customer', name: 'Bob' });
  const box = await fixture<HTMLDivElement>(html`
    <div style="width: 360px; height: ${options.height ?? 480}px">
      <session-chat server=${server} token=${token}></session-chat>
    </div>
  `);
  const el = box.querySelector('session-chat')!;
  await waitUntil(() => el.connectionState === 'live', 'the element did not go live', { timeout: 5000 });
  await el.updateComplete;
  return el;
}

async function typeInComposer(el: SessionChat, text: string): Promise<void> {
  composerTextarea(el).focus();
  await sendKeys({ type: text });
}

function waitForText(el: SessionChat, text: string, extra: (m: ReturnType<typeof renderedMessages>[number]) => boolean = () => true) {
  return waitUntil(
    () => renderedMessages(el).some((m) => m.text === text && extra(m)),
    `no message "${text}" (have: ${JSON.stringify(renderedMessages(el).map((m) => m.text))})`,
    { timeout: 10000 },
  );
}

describe('<session-chat>', () => {
  let others: SessionClient[] = [];
  const other = async (session: string, name = 'Alice'): Promise<SessionClient> => {
    const client = await joinAs(session, { role: 'technician', name });
    others.push(client);
    return client;
  };

  afterEach(async () => {
    for (const client of others) client.close();
    others = [];
    // A test that stopped the relay must not leave it down for the next one.
    await startRelay();
  });

  it('passes the accessibility audit with messages, participants and a link', async () => {
    const session = newSessionId();
    const alice = await other(session);
    await alice.send('Hello, see https://example.com/help');
    const el = await mountChat(session);
    await waitForText(el, 'Hello, see https://example.com/help');
    await expectAccessible(el);
    // Fits a 360 px phone: nothing overflows sideways.
    expect(el.getBoundingClientRect().width).to.equal(360);
    expect(logElement(el).scrollWidth).to.be.at.most(logElement(el).clientWidth);
  });

  it('passes the accessibility audit in the dark theme too', async () => {
    const session = newSessionId();
    const alice = await other(session);
    await alice.send('Dark mode, see https://example.com');
    const el = await mountChat(session);
    await waitForText(el, 'Dark mode, see https://example.com');
    await emulateMedia({ colorScheme: 'dark' });
    try {
      expect(getComputedStyle(el).backgroundColor).to.equal('rgb(13, 17, 23)');
      await expectAccessible(el);
    } finally {
      await emulateMedia({ colorScheme: 'light' });
    }
  });

  it('shows every string from the localisation table of the nearest lang', async () => {
    registerTranslation('de', { send: 'Senden', message: 'Nachricht', 'connection.idle': 'Nicht verbunden' });
    const box = await fixture<HTMLDivElement>(html`<div lang="de"><session-chat></session-chat></div>`);
    const el = box.querySelector('session-chat')!;
    await el.updateComplete;
    await el.shadowRoot!.querySelector('session-chat-composer')!.updateComplete;
    expect(sendButton(el).textContent).to.equal('Senden');
    expect(composerTextarea(el).getAttribute('aria-label')).to.equal('Nachricht');
    expect(statusText(el)).to.equal('Nicht verbunden');
    // Keys without a German string fall back to English.
    expect(logElement(el).getAttribute('aria-label')).to.equal('Messages');
  });

  it('exposes a named log, a textbox "Message" and a button "Send"', async () => {
    const el = await mountChat(newSessionId());
    const log = logRoot(el).querySelector('[role="log"]');
    expect(log).to.exist;
    expect(log!.getAttribute('aria-label')).to.equal('Messages');
    const snapshot = (await a11ySnapshot({})) as unknown as AxNode;
    const find = (role: string, name: string) => findAccessibilityNode<AxNode>(snapshot, (n) => n.role === role && n.name === name);
    expect(find('textbox', 'Message'), 'textbox "Message"').to.not.equal(null);
    expect(find('button', 'Send'), 'button "Send"').to.not.equal(null);
    expect(find('log', 'Messages'), 'log "Messages"').to.not.equal(null);
  });

  it('renders the history with author names, in order', async () => {
    const session = newSessionId();
    const alice = await other(session);
    for (const text of ['first', 'second', 'third']) await alice.send(text);
    const el = await mountChat(session);
    await waitUntil(() => renderedMessages(el).length === 3, 'history did not render', { timeout: 5000 });
    const shown = renderedMessages(el);
    expect(shown.map((m) => m.text)).to.deep.equal(['first', 'second', 'third']);
    expect(shown.map((m) => m.author)).to.deep.equal(['Alice', 'Alice', 'Alice']);
    expect(shown.every((m) => !m.own && !m.pending)).to.equal(true);
    const participants = el.shadowRoot!.querySelector('session-chat-participants')!.shadowRoot!.textContent!.replace(/\s+/g, ' ');
    expect(participants).to.contain('Alice').and.to.contain('Technician').and.to.contain('online');
    expect(participants).to.contain('Bob (you)').and.to.contain('Customer');
  });

  describe('when the user types', () => {
    it('sends with Enter: the message shows as own, then is acked and no longer pending', async () => {
      const session = newSessionId();
      const alice = await other(session);
      const el = await mountChat(session);
      await typeInComposer(el, 'hello from Bob');
      await sendKeys({ press: 'Enter' });
      expect(composerTextarea(el).value).to.equal('');
      await waitForText(el, 'hello from Bob', (m) => m.own && !m.pending);
      expect(renderedMessages(el).filter((m) => m.text === 'hello from Bob')).to.have.length(1);
      await waitUntil(() => alice.state.messages.some((m) => m.text === 'hello from Bob'), 'the other participant did not get it');
    });

    it('adds a line with Shift+Enter without sending, and keeps line breaks when sent', async () => {
      const el = await mountChat(newSessionId());
      await typeInComposer(el, 'line one');
      await sendKeys({ down: 'Shift' });
      await sendKeys({ press: 'Enter' });
      await sendKeys({ up: 'Shift' });
      await sendKeys({ type: 'line two' });
      expect(composerTextarea(el).value).to.equal('line one\nline two');
      await aTimeout(200);
      expect(renderedMessages(el)).to.have.length(0);
      expect(el.client!.outbox).to.have.length(0);

      await sendKeys({ press: 'Enter' });
      await waitForText(el, 'line one\nline two', (m) => !m.pending);
      const text = renderedMessages(el)[0]!.element.shadowRoot!.querySelector('[part="text"]')!;
      expect(getComputedStyle(text).whiteSpace).to.equal('pre-wrap');
    });

    it('sends with the Send button and keeps the focus in the textarea', async () => {
      const el = await mountChat(newSessionId());
      await typeInComposer(el, 'sent by button');
      sendButton(el).click();
      await waitForText(el, 'sent by button', (m) => m.own && !m.pending);
      expect(composerTextarea(el).value).to.equal('');
      const composer = el.shadowRoot!.querySelector('session-chat-composer')!;
      expect(composer.shadowRoot!.activeElement).to.equal(composerTextarea(el));
    });

    it('does not send the Enter that ends an IME composition', async () => {
      const el = await mountChat(newSessionId());
      const textarea = composerTextarea(el);
      textarea.value = 'こんにちは';
      const enter = (init: KeyboardEventInit) =>
        textarea.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true, cancelable: true, ...init }));
      enter({ isComposing: true });
      enter({ keyCode: 229 } as KeyboardEventInit);
      await aTimeout(200);
      expect(renderedMessages(el)).to.have.length(0);
      expect(textarea.value).to.equal('こんにちは');
      enter({});
      await waitForText(el, 'こんにちは', (m) => !m.pending);
    });

    it('does not send blank text', async () => {
      const el = await mountChat(newSessionId());
      await typeInComposer(el, '   ');
      await sendKeys({ press: 'Enter' });
      sendButton(el).click();
      await aTimeout(200);
      expect(renderedMessages(el)).to.have.length(0);
      expect(el.client!.outbox).to.have.length(0);
    });
  });

  describe('when the relay goes away', () => {
    it('shows a message typed offline as pending, then sends it when the relay is back', async () => {
      const session = newSessionId();
      const el = await mountChat(session);
      await stopRelay();
      await waitUntil(() => el.connectionState === 'reconnecting', 'did not notice the relay was gone', { timeout: 5000 });
      await typeInComposer(el, 'typed while offline');
      await sendKeys({ press: 'Enter' });
      await el.updateComplete;

      const [pending] = renderedMessages(el);
      expect(pending?.text).to.equal('typed while offline');
      expect(pending!.pending).to.equal(true);
      expect(pending!.element.getAttribute('part')).to.contain('pending-message');
      expect(pending!.element.shadowRoot!.textContent).to.contain('Sending…');
      expect(getComputedStyle(pending!.element).color, 'greyed').to.not.equal(getComputedStyle(el).color);
      await aTimeout(300);
      expect(renderedMessages(el)[0]!.pending, 'still pending while the relay is down').to.equal(true);
      const participants = () => el.shadowRoot!.querySelector('session-chat-participants')!.shadowRoot!.textContent!;
      expect(participants(), 'presence is unknown while offline').to.contain('offline').and.not.contain('online');

      await startRelay();
      await waitUntil(() => el.connectionState === 'live', 'did not reconnect', { timeout: 10000 });
      await waitForText(el, 'typed while offline', (m) => !m.pending);
      expect(renderedMessages(el)).to.have.length(1);
      await waitUntil(() => /\bonline\b/.test(participants()), 'not shown online again');
      const alice = await other(session);
      expect(alice.state.messages.map((m) => m.text)).to.deep.equal(['typed while offline']);
    });

    it('shows "reconnecting" then "live" after a relay restart, with the messages sent meanwhile', async () => {
      const session = newSessionId();
      const alice = await other(session);
      const el = await mountChat(session);
      const states: string[] = [];
      const shown: string[] = [];
      el.addEventListener('connection-change', (event: ConnectionChangeEvent) => {
        states.push(event.detail.state);
        void el.updateComplete.then(() => shown.push(statusText(el)));
      });

      const restarted = restartRelay();
      await waitUntil(() => el.connectionState === 'reconnecting', 'never reconnecting', { timeout: 5000 });
      const sent = alice.send('sent meanwhile');
      await restarted;
      await waitUntil(() => el.connectionState === 'live', 'not live again', { timeout: 10000 });
      await sent;
      await waitForText(el, 'sent meanwhile');

      expect(states[0]).to.equal('reconnecting');
      expect(states.at(-1)).to.equal('live');
      expect(shown[0]).to.contain('Reconnecting…');
      expect(shown.at(-1)).to.contain('Connected');
      expect(el.getAttribute('connection-state')).to.equal('live');
      expect(el.shadowRoot!.querySelector('[part="status"]')!.getAttribute('role')).to.equal('status');
    });
  });

  describe('when a message contains markup or links', () => {
    it('runs no script from HTML in a message and shows it literally', async () => {
      const session = newSessionId();
      const alice = await other(session);
      const el = await mountChat(session);
      const payload = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
      await alice.send(payload);
      await waitForText(el, payload);
      await aTimeout(200);
      expect((window as { __pwned?: unknown }).__pwned).to.equal(undefined);
      const message = renderedMessages(el).find((m) => m.text === payload)!;
      expect(message.element.shadowRoot!.querySelector('img, script')).to.equal(null);
      expect(el.shadowRoot!.querySelector('img, script')).to.equal(null);
      expect(message.element.shadowRoot!.querySelector('[part="text"]')!.textContent).to.equal(payload);
    });

    it('makes http(s) and mailto links clickable and safe, and never javascript:', async () => {
      const session = newSessionId();
      const alice = await other(session);
      const el = await mountChat(session);
      const text = 'Docs: https://example.com/docs?a=1. Or javascript:alert(1) or mail mailto:help@example.com';
      await alice.send(text);
      await waitForText(el, text);
      const links = [...renderedMessages(el)[0]!.element.shadowRoot!.querySelectorAll('a')];
      expect(links.map((a) => a.getAttribute('href'))).to.deep.equal(['https://example.com/docs?a=1', 'mailto:help@example.com']);
      expect(links[0]!.textContent).to.equal('https://example.com/docs?a=1');
      for (const a of links) {
        expect(a.rel.split(' ')).to.include.members(['noopener', 'noreferrer', 'nofollow']);
        expect(a.target).to.equal('_blank');
      }
      expect(links.some((a) => a.href.startsWith('javascript:'))).to.equal(false);
    });
  });

  describe('DOM events', () => {
    it('fires connection-change while connecting and chat-message when the other participant writes', async () => {
      const session = newSessionId();
      const alice = await other(session);
      const box = await fixture<HTMLDivElement>(html`<div style="height: 400px"></div>`);
      const el = document.createElement('session-chat');
      const states: string[] = [];
      box.addEventListener('connection-change', (event) => states.push(event.detail.state));
      el.server = await relayUrl();
      el.token = await tokenFor(session, { name: 'Bob' });
      box.append(el);
      await waitUntil(() => states.includes('live'), 'never live', { timeout: 5000 });
      expect(states).to.deep.equal(['connecting', 'live']);

      const arrived = oneEvent(box, 'chat-message') as Promise<ChatMessageEvent>;
      await alice.send('ping from Alice');
      const event = await arrived;
      expect(event.detail.message.text).to.equal('ping from Alice');
      expect(event.detail.own).to.equal(false);
      expect(event.composed).to.equal(true);
      expect(event.detail.message.from).to.equal(alice.me!.id);
    });

    it('re-dispatches a refused token as chat-error and shows it', async () => {
      const session = newSessionId();
      const token = await tokenFor(session, { name: 'Late', ttl: 1 });
      await aTimeout(1200);
      const box = await fixture<HTMLDivElement>(html`<div></div>`);
      const el = document.createElement('session-chat');
      const failed = oneEvent(box, 'chat-error') as Promise<ChatErrorEvent>;
      el.server = await relayUrl();
      el.token = token;
      box.append(el);
      const event = await failed;
      expect(event.detail.error.codeName).to.equal('TOKEN_EXPIRED');
      await waitUntil(() => el.connectionState === 'closed', 'not closed', { timeout: 5000 });
      await el.updateComplete;
      expect(statusText(el)).to.contain('Your access to this chat has expired.');
    });
  });

  describe('scrolling', () => {
    it('follows new messages, and offers "New messages" after the user scrolled up', async () => {
      const session = newSessionId();
      const alice = await other(session);
      await Promise.all(Array.from({ length: 25 }, (_, i) => alice.send(`message ${i + 1}`)));
      const el = await mountChat(session, { height: 320 });
      await waitUntil(() => renderedMessages(el).length === 25, 'history', { timeout: 5000 });
      const log = logElement(el);
      const distanceFromBottom = () => log.scrollHeight - log.scrollTop - log.clientHeight;
      await waitUntil(() => distanceFromBottom() < 2, 'not scrolled to the newest message');

      await alice.send('message 26');
      await waitForText(el, 'message 26');
      await nextFrame();
      await waitUntil(() => distanceFromBottom() < 2, 'did not follow the new message');

      log.scrollTop = 0;
      await oneEvent(log, 'scroll');
      await alice.send('message 27');
      await waitForText(el, 'message 27');
      await el.updateComplete;
      expect(log.scrollTop).to.equal(0);
      const jump = logRoot(el).querySelector<HTMLButtonElement>('[part="new-messages-button"]');
      expect(jump?.textContent?.trim()).to.equal('New messages');
      await expectAccessible(el);

      jump!.click();
      await el.updateComplete;
      await waitUntil(() => distanceFromBottom() < 2, 'the button did not jump down');
      expect(logRoot(el).querySelector('[part="new-messages-button"]')).to.equal(null);
    });
  });

  describe('its client', () => {
    it('closes its own client when removed from the DOM and reconnects when the token changes', async () => {
      const first = newSessionId();
      const second = newSessionId();
      const alice = await other(second);
      await alice.send('in the second session');
      const el = await mountChat(first);
      const firstClient = el.client!;
      el.token = await tokenFor(second, { name: 'Bob' });
      await waitForText(el, 'in the second session');
      expect(firstClient.connectionState).to.equal('closed');
      const secondClient = el.client!;
      expect(secondClient).to.not.equal(firstClient);

      el.remove();
      await nextFrame();
      expect(secondClient.connectionState).to.equal('closed');
    });

    it('uses a client the host brings and leaves it open when removed', async () => {
      const session = newSessionId();
      const alice = await other(session);
      await alice.send('from the host client');
      const box = await fixture<HTMLDivElement>(html`<div style="height: 400px"></div>`);
      const el = document.createElement('session-chat');
      el.client = alice;
      box.append(el);
      await waitForText(el, 'from the host client', (m) => m.own);
      expect(el.connectionState).to.equal('live');
      el.remove();
      await nextFrame();
      expect(alice.connectionState).to.equal('live');
    });
  });
});
