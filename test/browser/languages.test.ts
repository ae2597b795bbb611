/**
 * The shipped languages: `lang="de"` and `lang="ar"` on the element load that language's table
 * (a chunk of its own) and every string follows; Arabic lays the widget out right to left on an
 * English page (mirrored header and bubbles), passes axe, and picks Arabic plural forms.
 */
import { expect, waitUntil } from '@open-wc/testing';
import '../../src/index.js';
import type { SessionClient } from '../../src/client/index.js';
import type { SessionChat } from '../../src/components/session-chat/session-chat.component.js';
import { ar } from '../../src/components/shared/localize/ar.js';
import { expectAccessible } from './support/a11y.js';
import { chatBox, inside, mountChat, textOf } from './support/chat-elements.js';
import { composerTextarea, sendButton } from './support/dom.js';
import { part, waitForMessage } from './support/message-actions.js';
import { joinAs, newSessionId } from './support/relay.js';

const rect = (node: Element | null | undefined): DOMRect => {
  if (!node) throw new Error('missing element');
  return node.getBoundingClientRect();
};
const centre = (node: Element | null | undefined): number => {
  const r = rect(node);
  return r.left + r.width / 2;
};

describe('languages', () => {
  let clients: SessionClient[] = [];
  afterEach(() => {
    for (const client of clients) client.close();
    clients = [];
  });

  /** Ann (customer) has written; Tom's element (technician, `lang`) shows it beside his own message. */
  async function scene(lang: string): Promise<SessionChat> {
    const session = newSessionId();
    const ann = await joinAs(session, { role: 'customer', name: 'Ann' });
    clients.push(ann);
    await ann.send('The printer shows error E-42.');
    const el = await mountChat(await chatBox(), session, { name: 'Tom', role: 'technician' }, (chat) => chat.setAttribute('lang', lang));
    await waitForMessage(el, 'The printer shows error E-42.');
    composerTextarea(el).value = 'Restart it, please.';
    composerTextarea(el).dispatchEvent(new Event('input'));
    sendButton(el).click();
    await waitForMessage(el, 'Restart it, please.');
    return el;
  }

  it('German: the composer, the header and the period buttons speak German', async () => {
    const el = await scene('de');
    await waitUntil(() => composerTextarea(el).getAttribute('aria-label') === 'Nachricht', 'the German table did not load', { timeout: 5000 });
    expect(sendButton(el).getAttribute('aria-label') ?? sendButton(el).textContent?.trim()).to.equal('Senden');
    await waitUntil(() => inside(el, 'session-chat-end-button')?.shadowRoot?.querySelector('button'), 'no End session button');
    expect(textOf(inside(el, 'session-chat-end-button')!.shadowRoot!.querySelector('button'))).to.equal('Sitzung beenden');
    expect(getComputedStyle(el).direction).to.equal('ltr');
    expect(el.hasAttribute('dir'), 'German sets no direction').to.equal(false);
  });

  it('Arabic on an English page: right to left, mirrored header and bubbles, accessible', async () => {
    const el = await scene('ar');
    await waitUntil(() => composerTextarea(el).getAttribute('aria-label') === ar.message, 'the Arabic table did not load', { timeout: 5000 });
    expect(el.getAttribute('dir')).to.equal('rtl');
    expect(getComputedStyle(el).direction).to.equal('rtl');
    expect(getComputedStyle(document.documentElement).direction, 'the page stays left to right').to.equal('ltr');

    const own = await waitForMessage(el, 'Restart it, please.');
    const other = await waitForMessage(el, 'The printer shows error E-42.');
    expect(centre(own), 'one\'s own bubble is on the left in Arabic').to.be.below(centre(other));

    // The header starts on the right: the participants before the buttons, read right to left.
    const header = el.shadowRoot!.querySelector('[part="header"]')!;
    const participants = el.shadowRoot!.querySelector('[part="participants"]')!;
    const settings = el.shadowRoot!.querySelector('[part="settings-button"]');
    expect(rect(participants).right).to.be.closeTo(rect(header).right, 60);
    expect(centre(settings)).to.be.below(centre(participants));

    // Text that people write keeps its own direction inside the mirrored widget.
    expect(getComputedStyle(part(other, 'text')!).direction).to.equal('ltr');
    await expectAccessible(el);
  });

  it('Arabic plural forms: two reactions read in the dual', async () => {
    const session = newSessionId();
    const ann = await joinAs(session, { role: 'customer', name: 'Ann' });
    const bea = await joinAs(session, { role: 'customer', name: 'Bea' });
    clients.push(ann, bea);
    const sent = await ann.send('Done.');
    await ann.react(sent.id, '👍');
    await bea.react(sent.id, '👍');
    const el = await mountChat(await chatBox(), session, { name: 'Tom', role: 'technician' }, (chat) => chat.setAttribute('lang', 'ar'));
    const message = await waitForMessage(el, 'Done.');
    await waitUntil(() => /[\u0600-\u06ff]/.test(part(message, 'reaction')?.getAttribute('aria-label') ?? ''), 'the reaction was not named in Arabic', { timeout: 5000 });
    const expected = ar['reactions.two'].replace('{emoji}', '👍').replace('{count}', new Intl.NumberFormat('ar').format(2)).replace('{names}', 'Ann, Bea');
    expect(part(message, 'reaction')!.getAttribute('aria-label')).to.equal(expected);
  });

  it('switching the element from Arabic to English re-renders in English and gives the direction back', async () => {
    const el = await scene('ar');
    await waitUntil(() => composerTextarea(el).getAttribute('aria-label') === ar.message, 'the Arabic table did not load', { timeout: 5000 });
    el.setAttribute('lang', 'en');
    await waitUntil(() => composerTextarea(el).getAttribute('aria-label') === 'Message', 'the element did not go back to English');
    expect(el.hasAttribute('dir')).to.equal(false);
    expect(getComputedStyle(el).direction).to.equal('ltr');
  });

  it('a direction the host set stays: lang="ar" with dir="ltr"', async () => {
    const el = await scene('ar');
    el.setAttribute('dir', 'ltr');
    el.setAttribute('lang', 'ar-EG');
    await waitUntil(() => composerTextarea(el).getAttribute('aria-label') === ar.message, 'ar-EG did not fall back to Arabic');
    expect(el.getAttribute('dir')).to.equal('ltr');
  });
});
