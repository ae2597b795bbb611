// The full emoji picker is a lazy chunk. This file has its own page, so nothing else has loaded
// emoji-picker-element before its first test runs.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/index.js';
import type { SessionClient } from '../../src/client/index.js';
import type { SessionChat } from '../../src/components/session-chat/session-chat.component.js';
import { actionsButton, choose, expectFocusOn, menu, menuItem, waitForMessage } from './support/message-actions.js';
import { joinAs, newSessionId, relayUrl, tokenFor } from './support/relay.js';
import { expectAccessible } from './support/a11y.js';
import { ar } from '../../src/components/shared/localize/ar.js';
import { de } from '../../src/components/shared/localize/de.js';
import { en } from '../../src/components/shared/localize/en.js';

// The page loads hundreds of modules unbundled: the default 250 resource timing entries would fill
// before the lazy parts these tests look for.
performance.setResourceTimingBufferSize(100_000);

type PickerElement = HTMLElement & { dataSource: string; locale: string; i18n: { searchLabel: string } };

async function mount(session: string, emojiDataUrl?: string, lang = 'en'): Promise<SessionChat> {
  const server = await relayUrl();
  const token = await tokenFor(session, { role: 'customer', name: 'Ann' });
  const box = await fixture<HTMLDivElement>(html`<div style="width: 400px; height: 480px">
    <session-chat lang=${lang} server=${server} token=${token} emoji-data-url=${emojiDataUrl ?? ''}></session-chat>
  </div>`);
  const el = box.querySelector('session-chat')!;
  await waitUntil(() => el.connectionState === 'live', 'not live', { timeout: 5000 });
  return el;
}

function emojiDialog(el: SessionChat): HTMLDialogElement {
  return el.shadowRoot!.querySelector('session-chat-emoji-dialog')?.shadowRoot?.querySelector('dialog') ?? document.createElement('dialog');
}

async function openFullPicker(el: SessionChat, text: string, names = { react: 'React', more: 'More emoji…' }): Promise<PickerElement> {
  const message = await waitForMessage(el, text);
  await waitUntil(() => actionsButton(message)?.getAttribute('aria-label') !== en.moreActions || names.react === 'React', 'the language did not load');
  await choose(message, names.react);
  await waitUntil(() => menu(message)?.getAttribute('aria-label') === names.react, 'no reactions row');
  menuItem(message, names.more).click();
  await waitUntil(() => emojiDialog(el).open, 'the picker dialog did not open', { timeout: 10000 });
  return emojiDialog(el).querySelector('emoji-picker') as PickerElement;
}

async function emojiDataRequests(): Promise<number> {
  return ((await (await fetch('/__emoji/requests')).json()) as { count: number }).count;
}

describe('the full emoji picker', () => {
  let tom: SessionClient | null = null;
  afterEach(() => {
    tom?.close();
    tom = null;
  });

  it('loads only when opened, with its data from the local URL and no other host', async () => {
    const session = newSessionId();
    tom = await joinAs(session, { role: 'technician', name: 'Tom' });
    await tom.send('Fixed it!');
    const local = new URL('/emoji/data.json', location.origin).href;
    const el = await mount(session, local);
    await waitForMessage(el, 'Fixed it!');
    await expectAccessible(el);

    expect(customElements.get('emoji-picker'), 'defined before it was opened').to.equal(undefined);
    const loadedScripts = () => performance.getEntriesByType('resource').filter((e) => e.name.includes('emoji-picker-element'));
    expect(loadedScripts(), 'its module was fetched before it was opened').to.have.length(0);
    const requestsBefore = await emojiDataRequests();

    const picker = await openFullPicker(el, 'Fixed it!');
    expect(customElements.get('emoji-picker'), 'defined once opened').to.not.equal(undefined);
    expect(loadedScripts().length).to.be.greaterThan(0);
    expect(picker.dataSource).to.equal(local);
    expect(emojiDialog(el).matches(':modal')).to.equal(true);
    expect(emojiDialog(el).getAttribute('aria-label')).to.equal('Choose an emoji');

    // The data arrives from the dev server's /emoji/data.json and the picker shows emoji.
    const firstEmoji = () => picker.shadowRoot!.querySelector<HTMLButtonElement>('button[role="menuitem"][id^="emo-"]');
    await waitUntil(firstEmoji, 'the picker shows no emoji', { timeout: 10000 });
    expect(await emojiDataRequests()).to.be.greaterThan(requestsBefore);
    const relay = new URL(await relayUrl()).origin;
    const origins = new Set(performance.getEntriesByType('resource').map((e) => new URL(e.name).origin));
    origins.delete(location.origin);
    origins.delete(relay);
    expect([...origins], 'requests to other hosts').to.deep.equal([]);
    await expectAccessible(el);

    const emoji = firstEmoji()!;
    const unicode = emoji.id.slice('emo-'.length);
    emoji.click();
    await waitUntil(() => !emojiDialog(el).open, 'the dialog stayed open');
    await waitUntil(() => tom!.state.messages[0]!.reactions.some((r) => r.emoji === unicode), 'the reaction did not reach the relay');
    const message = await waitForMessage(el, 'Fixed it!');
    await waitUntil(() => message.shadowRoot!.querySelector('[part~="reaction"]')?.textContent?.trim() === `${unicode} 1`, 'not shown');
    expectFocusOn(actionsButton(message), 'the focus comes back to "More actions"');
  });

  it('closes with Escape and its "Close" button without reacting', async () => {
    const session = newSessionId();
    tom = await joinAs(session, { role: 'technician', name: 'Tom' });
    await tom.send('no reaction');
    const el = await mount(session, new URL('/emoji/data.json', location.origin).href);
    await openFullPicker(el, 'no reaction');
    const { sendKeys } = await import('@web/test-runner-commands');
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !emojiDialog(el).open, 'Escape did not close');
    await openFullPicker(el, 'no reaction');
    emojiDialog(el).querySelector<HTMLButtonElement>('button[aria-label="Close"]')!.click();
    await waitUntil(() => !emojiDialog(el).open, '"Close" did not close');
    expect(tom.state.messages[0]!.reactions).to.deep.equal([]);
  });

  it('takes its data from /emoji/data.json on the relay by default', async () => {
    const session = newSessionId();
    tom = await joinAs(session, { role: 'technician', name: 'Tom' });
    await tom.send('default source');
    const onRelay = new URL('/emoji/data.json', await relayUrl()).href;
    // Record the picker's requests and answer those for the relay's URL from this page's origin,
    // so the test does not depend on which relay build answers /emoji/data.json.
    const requested: string[] = [];
    const realFetch = window.fetch;
    window.fetch = (input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      requested.push(url);
      return realFetch(url === onRelay ? '/emoji/data.json' : input, init);
    };
    try {
      const el = await mount(session);
      const picker = await openFullPicker(el, 'default source');
      expect(picker.dataSource).to.equal(onRelay);
      await waitUntil(() => requested.includes(onRelay), 'the picker did not ask the relay', { timeout: 10000 });
      await waitUntil(() => picker.shadowRoot!.querySelector('button[role="menuitem"][id^="emo-"]'), 'no emoji', { timeout: 10000 });
      emojiDialog(el).close();
    } finally {
      window.fetch = realFetch;
    }
    expect(requested.filter((url) => url.includes('/emoji/')).every((url) => url === onRelay)).to.equal(true);
  });

  it('in German: German emoji data from the relay (/emoji/de/data.json) and the picker\'s own labels in German', async () => {
    const session = newSessionId();
    tom = await joinAs(session, { role: 'technician', name: 'Tom' });
    await tom.send('auf Deutsch');
    const el = await mount(session, undefined, 'de');
    const picker = await openFullPicker(el, 'auf Deutsch', { react: de.react, more: de.moreEmoji });
    expect(picker.dataSource).to.equal(new URL('/emoji/de/data.json', await relayUrl()).href);
    expect(picker.locale).to.equal('de');
    expect(picker.i18n.searchLabel).to.equal('Suchen');
    // The German data names the emoji in German: searching "Daumen" finds the thumbs up.
    const search = picker.shadowRoot!.querySelector('input')!;
    search.value = 'Daumen';
    search.dispatchEvent(new Event('input', { bubbles: true }));
    await waitUntil(() => [...picker.shadowRoot!.querySelectorAll('[role="option"]')].some((o) => o.textContent?.includes('👍')), 'no thumbs up for "Daumen"', { timeout: 10000 });
    emojiDialog(el).close();
  });

  it('in Arabic: the picker\'s own labels and its dialog\'s name in Arabic, right to left (the emoji data stays English)', async () => {
    const session = newSessionId();
    tom = await joinAs(session, { role: 'technician', name: 'Tom' });
    await tom.send('بالعربية');
    const el = await mount(session, undefined, 'ar');
    const picker = await openFullPicker(el, 'بالعربية', { react: ar.react, more: ar.moreEmoji });
    expect(picker.locale).to.equal('en');
    expect(picker.i18n.searchLabel).to.equal('بحث');
    expect(emojiDialog(el).getAttribute('aria-label')).to.equal(ar.chooseEmoji);
    expect(getComputedStyle(emojiDialog(el)).direction).to.equal('rtl');
    emojiDialog(el).close();
  });
});
