import { aTimeout, expect, fixture, html, waitUntil } from '@open-wc/testing';
import { a11ySnapshot, findAccessibilityNode } from '@web/test-runner-commands';
import '../../src/index.js';
import type { SessionClient } from '../../src/client/index.js';
import type { SessionChat } from '../../src/components/session-chat/session-chat.component.js';
import type { SessionChatEnded } from '../../src/components/session-end/session-chat-ended/session-chat-ended.component.js';
import type { ChatErrorEvent, ChatSessionEndedEvent, ChatTranscriptReadyEvent } from '../../src/index.js';
import { composerTextarea, sendButton, statusText, logRoot } from './support/dom.js';
import { actionsButton, deepQuery, dialogButton, waitForMessage } from './support/message-actions.js';
import { joinAs, newSessionId, relayUrl, startRelay, tokenFor } from './support/relay.js';
import { expectAccessible } from './support/a11y.js';

interface AxNode {
  role: string;
  name: string;
  children: AxNode[];
}

/** Every DOM event of the kinds the tests watch, per element, in order. */
interface Heard {
  ended: ChatSessionEndedEvent[];
  transcript: ChatTranscriptReadyEvent[];
  errors: ChatErrorEvent[];
}

const heard = (): Heard => ({ ended: [], transcript: [], errors: [] });

/** The time of day as the widget writes it (the page's language, short style). */
function shortTime(at: number): string {
  const lang = document.documentElement.lang || navigator.language || 'en';
  return new Intl.DateTimeFormat(lang, { timeStyle: 'short' }).format(at);
}

/**
 * The technician Tom and the customer Ann of one session, each with a `<session-chat>` in this
 * page, both live; every `session-ended`, `transcript-ready` and `chat-error` they fire is kept
 * from the first moment (listeners bound in the template).
 */
async function mountPair(session: string) {
  const server = await relayUrl();
  const [tomToken, annToken] = await Promise.all([
    tokenFor(session, { role: 'technician', name: 'Tom', participant: 'tom' }),
    tokenFor(session, { role: 'customer', name: 'Ann', participant: 'ann' }),
  ]);
  const tomHeard = heard();
  const annHeard = heard();
  const box = await fixture<HTMLDivElement>(html`
    <div style="display: flex; gap: 8px">
      <div style="width: 360px; height: 480px">
        <session-chat
          id="tom"
          server=${server}
          token=${tomToken}
          @session-ended=${(e: ChatSessionEndedEvent) => tomHeard.ended.push(e)}
          @transcript-ready=${(e: ChatTranscriptReadyEvent) => tomHeard.transcript.push(e)}
          @chat-error=${(e: ChatErrorEvent) => tomHeard.errors.push(e)}
        ></session-chat>
      </div>
      <div style="width: 360px; height: 480px">
        <session-chat
          id="ann"
          server=${server}
          token=${annToken}
          @session-ended=${(e: ChatSessionEndedEvent) => annHeard.ended.push(e)}
          @transcript-ready=${(e: ChatTranscriptReadyEvent) => annHeard.transcript.push(e)}
          @chat-error=${(e: ChatErrorEvent) => annHeard.errors.push(e)}
        ></session-chat>
      </div>
    </div>
  `);
  const tom = box.querySelector<SessionChat>('#tom')!;
  const ann = box.querySelector<SessionChat>('#ann')!;
  await waitUntil(() => tom.connectionState === 'live' && ann.connectionState === 'live', 'not both live', { timeout: 5000 });
  await waitUntil(() => tom.client!.state.participants.length === 2 && ann.client!.state.participants.length === 2, 'joins');
  return { tom, ann, tomHeard, annHeard, server };
}

/** The "End session" button, or null. (Assert on booleans: chai's message for a Lit element never ends.) */
function endButton(el: SessionChat): HTMLButtonElement | null {
  return el.shadowRoot!.querySelector('session-chat-end-button')?.shadowRoot?.querySelector('button') ?? null;
}

/** The end confirmation's native dialog, or null while none is rendered. */
function endDialog(el: SessionChat): HTMLDialogElement | null {
  const endButtonEl = el.shadowRoot!.querySelector('session-chat-end-button');
  return endButtonEl ? deepQuery<HTMLDialogElement>(endButtonEl.shadowRoot!, 'dialog') : null;
}

/** Waits for the "End session" button (a chunk of its own, loaded for technicians and admins). */
async function waitForEndButton(el: SessionChat): Promise<HTMLButtonElement> {
  await waitUntil(() => endButton(el), 'no "End session" button', { timeout: 5000 });
  return endButton(el)!;
}

/** Clicks "End session" and waits for the confirmation to be open. */
async function openEndDialog(el: SessionChat): Promise<HTMLDialogElement> {
  const button = await waitForEndButton(el);
  button.click();
  await waitUntil(() => endDialog(el)?.open, 'the end confirmation did not open');
  return endDialog(el)!;
}

/** The ended banner's live region; null until its chunk is loaded (once the session ended). */
function banner(el: SessionChat): HTMLElement | null {
  const ended = el.shadowRoot!.querySelector<SessionChatEnded>('session-chat-ended');
  return ended?.shadowRoot?.querySelector<HTMLElement>('[role="status"]') ?? null;
}

const bannerText = (el: SessionChat): string => (banner(el)?.textContent ?? '').replace(/\s+/g, ' ').trim();

/** The names of the buttons the browser exposes in the page, from the accessibility tree. */
async function buttonNames(): Promise<string[]> {
  const snapshot = (await a11ySnapshot({})) as unknown as AxNode;
  const names: string[] = [];
  const walk = (node: AxNode) => {
    if (node.role === 'button') names.push(node.name);
    node.children?.forEach(walk);
  };
  walk(snapshot);
  return names;
}

describe('ending a session', () => {
  let others: SessionClient[] = [];

  afterEach(async () => {
    for (const client of others) client.close();
    others = [];
    await startRelay();
  });

  it('passes the accessibility audit; a technician has "End session", a customer does not', async () => {
    const session = newSessionId();
    const { tom, ann } = await mountPair(session);
    await tom.client!.send('Hello Ann');
    await waitForMessage(ann, 'Hello Ann');
    await waitForEndButton(tom);
    await expectAccessible(tom);
    await expectAccessible(ann);

    // One "End session" in the page, the technician's: the customer's widget has none.
    expect((await buttonNames()).filter((name) => name === 'End session')).to.have.length(1);
    expect(endButton(tom) !== null, "the technician's button").to.equal(true);
    expect(ann.shadowRoot!.querySelector('session-chat-end-button') === null, 'no button part for the customer').to.equal(true);
    // Nothing says the session ended before it did.
    expect(bannerText(tom)).to.equal('');
    expect(statusText(tom)).to.equal('Connected');
    expect(composerTextarea(tom).disabled).to.equal(false);
  });

  it('asks first: Cancel keeps the session open, "Yes, end session" ends it', async () => {
    const session = newSessionId();
    const { tom, ann, tomHeard, annHeard } = await mountPair(session);

    const dialog = await openEndDialog(tom);
    const snapshot = (await a11ySnapshot({})) as unknown as AxNode;
    expect(findAccessibilityNode<AxNode>(snapshot, (n) => n.role === 'alertdialog' && n.name === 'End this session for everyone?') !== null, 'the dialog by name').to.equal(true);
    expect(dialog.textContent).to.contain('The customer will be disconnected and a transcript will be saved.');
    await expectAccessible(tom);

    dialogButton(dialog, 'Cancel').click();
    await waitUntil(() => !endDialog(tom)?.open, 'the dialog did not close');
    // Nothing was sent: give a request every chance to arrive before saying so.
    await aTimeout(500);
    expect(tom.client!.state.ended).to.equal(null);
    expect(ann.client!.state.ended).to.equal(null);
    expect(ann.connectionState).to.equal('live');
    expect(endButton(tom) !== null, 'the button stays').to.equal(true);
    expect(tomHeard.ended.length + annHeard.ended.length).to.equal(0);

    const again = await openEndDialog(tom);
    dialogButton(again, 'Yes, end session').click();
    await waitUntil(() => tom.client!.state.ended !== null && ann.client!.state.ended !== null, 'the session did not end for both', { timeout: 10000 });
    await waitUntil(() => endButton(tom) === null, 'the "End session" button stayed');
  });

  it('shows both sides who ended it, disables the composer and the actions, fires session-ended on both and transcript-ready only for the technician', async () => {
    const session = newSessionId();
    const { tom, ann, tomHeard, annHeard, server } = await mountPair(session);
    await ann.client!.send('My printer is broken');
    await tom.client!.send('Try turning it off and on');
    for (const el of [tom, ann]) {
      await waitForMessage(el, 'My printer is broken');
      await waitForMessage(el, 'Try turning it off and on');
    }
    expect(actionsButton(await waitForMessage(ann, 'My printer is broken')) !== null, 'actions before the end').to.equal(true);

    const dialog = await openEndDialog(tom);
    dialogButton(dialog, 'Yes, end session').click();

    await waitUntil(() => tomHeard.ended.length === 1 && annHeard.ended.length === 1, 'session-ended did not fire on both', { timeout: 10000 });
    const at = tom.client!.state.ended!.at;
    for (const [el, events] of [
      [tom, tomHeard],
      [ann, annHeard],
    ] as const) {
      const event = events.ended[0]!;
      expect(event.detail).to.deep.equal({ by: { id: 'tom', name: 'Tom', role: 'technician' }, at, reason: 'participant' });
      expect(event.bubbles && event.composed, 'bubbling, composed').to.equal(true);
      await waitUntil(() => bannerText(el).startsWith('Session ended by'), `no banner for ${el.id}`);
      expect(bannerText(el)).to.contain(`Session ended by Tom at ${shortTime(at)}`);
      await el.updateComplete;
      const textarea = composerTextarea(el);
      expect(textarea.disabled, `${el.id}'s composer`).to.equal(true);
      expect(textarea.placeholder).to.equal('This session has ended: no more messages can be sent.');
      expect(sendButton(el).disabled).to.equal(true);
      const attach = el.shadowRoot!.querySelector('session-chat-composer')!.shadowRoot!.querySelector<HTMLInputElement>('input[type="file"]');
      expect(attach?.disabled, `${el.id}'s "Attach files"`).to.equal(true);
      for (const text of ['My printer is broken', 'Try turning it off and on']) {
        const message = await waitForMessage(el, text);
        await message.updateComplete;
        expect(actionsButton(message) === null, `no "More actions" on "${text}" for ${el.id}`).to.equal(true);
      }
    }

    // The customer's socket was closed on purpose: the status says the session ended, not "Disconnected".
    await waitUntil(() => ann.connectionState === 'closed', 'the customer was not disconnected', { timeout: 10000 });
    await ann.updateComplete;
    expect(statusText(ann)).to.equal('Session ended');
    expect(ann.shadowRoot!.querySelector('[part="status"] .error')?.textContent ?? null, 'no error in the status').to.equal(null);
    expect(tom.connectionState).to.equal('live');
    expect(statusText(tom)).to.equal('Session ended');

    // The transcript: only the technician hears of it, with absolute URLs on the relay.
    await waitUntil(() => tomHeard.transcript.length === 1, 'transcript-ready did not fire for the technician', { timeout: 15000 });
    const urls = tomHeard.transcript[0]!.detail.urls;
    const base = `${server}/api/transcripts/${encodeURIComponent(session)}`;
    expect(urls).to.deep.equal({ txt: `${base}.txt`, json: `${base}.json`, html: `${base}.html` });
    await waitUntil(() => bannerText(tom).includes('Transcript saved'), 'no transcript links for the technician');
    expect(banner(tom)!.getAttribute('role')).to.equal('status');
    const links = [...banner(tom)!.querySelectorAll<HTMLAnchorElement>('a[part~="transcript-link"]')];
    expect(links.map((a) => a.textContent!.trim())).to.deep.equal(['Text', 'Web page']);
    const txt = await fetch(links[0]!.href);
    expect(txt.status).to.equal(200);
    const body = await txt.text();
    expect(body).to.contain('My printer is broken');
    expect(body).to.contain('session ended by');
    expect(bannerText(ann)).not.to.contain('Transcript');

    // A generous wait after the technician got it: the customer never does.
    await aTimeout(3000);
    expect(annHeard.transcript.length).to.equal(0);
    expect(tomHeard.transcript.length, 'fired once').to.equal(1);
    expect(tomHeard.ended.length + annHeard.ended.length, 'session-ended fired once each').to.equal(2);

    await expectAccessible(tom);
    await expectAccessible(ann);
  });

  it('fires session-ended and transcript-ready once when a technician joins a session that had ended', async () => {
    const session = newSessionId();
    const sam = await joinAs(session, { role: 'technician', name: 'Sam', participant: 'sam' });
    others.push(sam);
    await sam.send('Notes before the end');
    await sam.endSession();
    await waitUntil(() => sam.state.transcript !== null, 'no transcript', { timeout: 15000 });

    const server = await relayUrl();
    const token = await tokenFor(session, { role: 'technician', name: 'Tina' });
    const tinaHeard = heard();
    const el = await fixture<SessionChat>(html`<session-chat
      id="tina"
      server=${server}
      token=${token}
      @session-ended=${(e: ChatSessionEndedEvent) => tinaHeard.ended.push(e)}
      @transcript-ready=${(e: ChatTranscriptReadyEvent) => tinaHeard.transcript.push(e)}
    ></session-chat>`);
    await waitUntil(() => tinaHeard.ended.length === 1 && tinaHeard.transcript.length === 1, 'the events for the history', { timeout: 10000 });
    expect(tinaHeard.ended[0]!.detail).to.deep.equal({ by: { id: 'sam', name: 'Sam', role: 'technician' }, at: sam.state.ended!.at, reason: 'participant' });
    expect(tinaHeard.transcript[0]!.detail.urls.html).to.equal(`${server}/api/transcripts/${encodeURIComponent(session)}.html`);
    await el.updateComplete;
    expect(bannerText(el)).to.contain(`Session ended by Sam at ${shortTime(sam.state.ended!.at)}`);
    expect(endButton(el) === null, 'no "End session" once ended').to.equal(true);

    // More renders (a new message would be one; here a forced update) fire nothing again.
    el.requestUpdate();
    await el.updateComplete;
    await aTimeout(200);
    expect(tinaHeard.ended.length).to.equal(1);
    expect(tinaHeard.transcript.length).to.equal(1);
  });

  it('tells a customer who opens an ended session that it ended, without a disconnection error', async () => {
    const session = newSessionId();
    const sam = await joinAs(session, { role: 'technician', name: 'Sam' });
    others.push(sam);
    await sam.send('Bye');
    const end = await sam.endSession();

    const server = await relayUrl();
    const token = await tokenFor(session, { role: 'customer', name: 'Ann' });
    const annHeard = heard();
    const el = await fixture<SessionChat>(html`<session-chat
      server=${server}
      token=${token}
      @session-ended=${(e: ChatSessionEndedEvent) => annHeard.ended.push(e)}
      @transcript-ready=${(e: ChatTranscriptReadyEvent) => annHeard.transcript.push(e)}
      @chat-error=${(e: ChatErrorEvent) => annHeard.errors.push(e)}
    ></session-chat>`);
    await waitUntil(() => el.connectionState === 'closed', 'the relay did not refuse the customer', { timeout: 10000 });
    await el.updateComplete;
    expect(annHeard.errors.map((e) => e.detail.error.codeName)).to.deep.equal(['SESSION_ENDED']);
    expect(statusText(el)).to.equal('Session ended');
    // The refusal says who ended it and when: the banner and the host's event have it, the log
    // does not pretend the session is empty, and nothing said in it reaches the customer.
    await waitUntil(() => bannerText(el) !== '', 'no banner for the refused customer', { timeout: 5000 });
    expect(bannerText(el)).to.equal(`Session ended by Sam at ${shortTime(end.at)}`);
    expect(annHeard.ended.map((e) => e.detail)).to.deep.equal([{ by: { id: sam.me!.id, name: 'Sam', role: 'technician' }, at: end.at, reason: 'participant' }]);
    expect(logRoot(el).querySelector('.empty') === null, '"No messages yet" in an ended session').to.equal(true);
    expect(logRoot(el).querySelector('session-chat-message') === null, 'the customer saw a message of the ended session').to.equal(true);
    expect(composerTextarea(el).disabled).to.equal(true);
    expect(endButton(el) === null, 'no "End session" once ended').to.equal(true);
    expect(annHeard.transcript.length).to.equal(0);
    await expectAccessible(el);
  });
});

describe('<session-chat-ended>', () => {
  it('names the host, and the relay after inactivity', async () => {
    await import('../../src/components/session-end/session-chat-ended/session-chat-ended.js');
    const el = await fixture<SessionChatEnded>(html`<session-chat-ended></session-chat-ended>`);
    const at = Date.now();
    const text = () => el.shadowRoot!.textContent!.replace(/\s+/g, ' ').trim();
    expect(text()).to.equal('');
    el.ended = { by: { id: 'host', name: 'the host', role: null }, at, reason: 'host' };
    await el.updateComplete;
    expect(text()).to.equal(`Session ended by the host at ${shortTime(at)}`);
    el.ended = { by: { id: 'relay', name: 'the relay', role: null }, at, reason: 'idle' };
    await el.updateComplete;
    expect(text()).to.equal(`Session ended by the relay after inactivity at ${shortTime(at)}`);
    el.transcriptExpected = true;
    await el.updateComplete;
    expect(text()).to.contain('Saving the transcript…');
    await expectAccessible(el);
  });
});
