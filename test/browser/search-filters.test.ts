import { expect, waitUntil } from '@open-wc/testing';
import { a11ySnapshot, findAccessibilityNode, sendKeys } from '@web/test-runner-commands';
import '../../src/index.js';
import type { SessionChat } from '../../src/components/session-chat/session-chat.component.js';
import type { SessionChatSearch } from '../../src/components/search/session-chat-search/session-chat-search.component.js';
import type { SessionClient } from '../../src/client/index.js';
import { chatBox, mountChat, otherParticipants, textOf } from './support/chat-elements.js';
import { deepActiveElement, messageWith, waitForMessage } from './support/message-actions.js';
import { newSessionId } from './support/relay.js';
import { expectAccessible } from './support/a11y.js';
import { logRoot } from './support/dom.js';

interface AxNode {
  role: string;
  name: string;
  pressed?: boolean | 'mixed';
  children: AxNode[];
}

const BOB = { name: 'Bob' };

/*
 * Alice (technician) and Carol (customer) wrote in this order; Bob (customer) searches.
 * Files: photo.png, report.pdf, scan.heic (an image no previewer shows). Links: Carol's manual
 * and Alice's addresses. Neither "www.example.com" nor "javascript:" is a link in the log, so
 * neither is one for the filter.
 */
const SCRIPT = [
  'alice: Hello, I will check the printer',
  'carol: See https://example.com/manual for the manual',
  'alice: [photo.png image/png] printer photo',
  'carol: [report.pdf application/pdf]',
  'alice: Write to mailto:help@example.com or www.example.com',
  'carol: Thanks, the printer works',
  'alice: [scan.heic image/heic]',
  'carol: javascript:alert(1) is not a link',
] as const;

/** What a shown message is called in these tests: its file's name, else its text. */
function labelOf(message: { text: string; file: { name: string } | null }): string {
  return message.file?.name ?? message.text;
}

/** The messages the log shows, in order, by label. */
function shown(el: SessionChat): string[] {
  return [...logRoot(el).querySelectorAll('session-chat-message')].map((m) => labelOf(m.message!));
}

function bar(el: SessionChat): SessionChatSearch | null {
  return el.shadowRoot!.querySelector('session-chat-search');
}

function barRoot(el: SessionChat): ShadowRoot {
  const found = bar(el);
  if (!found) throw new Error('the search bar is not open');
  return found.shadowRoot!;
}

/** The count as seen (without the filters named for screen readers). */
function count(el: SessionChat): string {
  const status = barRoot(el).querySelector('[part="search-count"]')!;
  return [...status.childNodes]
    .filter((node) => node.nodeType !== Node.COMMENT_NODE && !(node instanceof HTMLElement && node.classList.contains('visually-hidden')))
    .map((node) => node.textContent)
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The count as a screen reader hears it. */
function spokenCount(el: SessionChat): string {
  return textOf(barRoot(el).querySelector('[part="search-count"]'));
}

function filterButton(el: SessionChat, name: string): HTMLButtonElement {
  const button = [...barRoot(el).querySelectorAll<HTMLButtonElement>('[part="search-filter"]')].find((b) => textOf(b) === name);
  if (!button) throw new Error(`no filter button "${name}"`);
  return button;
}

function pressed(el: SessionChat): string[] {
  return [...barRoot(el).querySelectorAll('[part="search-filter"][aria-pressed="true"]')].map((b) => textOf(b));
}

function fromList(el: SessionChat): HTMLSelectElement {
  return barRoot(el).querySelector('select')!;
}

function clearButton(el: SessionChat): HTMLButtonElement {
  return barRoot(el).querySelector<HTMLButtonElement>('[part="search-clear"]')!;
}

function searchField(el: SessionChat): HTMLInputElement {
  return barRoot(el).querySelector('input')!;
}

/** Chooses a participant in "From" as a pointer user does (the list fires `change`). */
function chooseFrom(el: SessionChat, name: string): void {
  const select = fromList(el);
  const option = [...select.options].find((o) => o.textContent!.trim() === name);
  if (!option) throw new Error(`no "${name}" in From (have ${[...select.options].map((o) => o.textContent!.trim()).join(' | ')})`);
  select.value = option.value;
  select.dispatchEvent(new Event('change', { bubbles: true }));
}

async function typeQuery(el: SessionChat, text: string): Promise<void> {
  const field = searchField(el);
  field.focus();
  field.select();
  if (text) await sendKeys({ type: text });
  else await sendKeys({ press: 'Backspace' });
}

async function openSearch(el: SessionChat): Promise<void> {
  el.shadowRoot!.querySelector<HTMLButtonElement>('[part="search-button"]')!.click();
  await waitUntil(() => bar(el)?.shadowRoot?.querySelector('[part="search-filter"]'), 'the search bar did not open', { timeout: 5000 });
  await waitUntil(() => deepActiveElement() === searchField(el), 'the search field is not focused');
}

async function expectShown(el: SessionChat, expected: readonly string[], what: string): Promise<void> {
  await waitUntil(() => JSON.stringify(shown(el)) === JSON.stringify(expected), `${what}: shown ${JSON.stringify(shown(el))}`);
}

const ALL_LABELS = SCRIPT.map((line) => {
  const file = /\[(\S+)/.exec(line);
  return file ? file[1]! : line.slice(line.indexOf(': ') + 2);
});

describe('search filters', () => {
  const others = otherParticipants();

  /** Plays SCRIPT into a new session, then mounts Bob's element (360 px wide, `dir`) and waits for every message. */
  async function scene(dir: 'ltr' | 'rtl' = 'ltr'): Promise<{ el: SessionChat; alice: SessionClient; carol: SessionClient }> {
    const session = newSessionId();
    const alice = await others.join(session, { role: 'technician', name: 'Alice', participant: 'alice' });
    const carol = await others.join(session, { role: 'customer', name: 'Carol', participant: 'carol' });
    for (const line of SCRIPT) {
      const who = line.startsWith('alice') ? alice : carol;
      const body = line.slice(line.indexOf(': ') + 2);
      const file = /^\[(\S+) (\S+)\] ?(.*)$/.exec(body);
      if (file) {
        const [, name, type, caption] = file;
        await who.shareFiles([new File(['bytes'], name!, { type })], caption ? { caption } : {})[0]!.done;
      } else await who.send(body);
    }
    const box = await chatBox();
    box.dir = dir;
    const el = await mountChat(box, session, BOB);
    await waitUntil(() => shown(el).length === SCRIPT.length, `the messages did not all show: ${JSON.stringify(shown(el))}`);
    return { el, alice, carol };
  }

  it('opens with "All" pressed, "From" everyone, a named group and nothing to clear; every filter alone keeps only its messages', async () => {
    const { el } = await scene();
    await openSearch(el);
    expect(pressed(el)).to.deep.equal(['All']);
    expect(fromList(el).selectedOptions[0]!.textContent!.trim()).to.equal('Everyone');
    expect([...fromList(el).options].map((o) => o.textContent!.trim())).to.deep.equal(['Everyone', 'Alice', 'Carol', 'Bob (you)']);
    expect(clearButton(el).disabled).to.equal(true);
    expect(count(el)).to.equal('');
    const snapshot = (await a11ySnapshot({})) as unknown as AxNode;
    for (const name of ['All', 'Files', 'Images', 'Links']) {
      expect(findAccessibilityNode<AxNode>(snapshot, (n) => n.role === 'button' && n.name === name), `toggle button "${name}"`).to.not.equal(null);
    }
    // The snapshot leaves groups out: the kinds' group is checked in the DOM.
    const group = barRoot(el).querySelector('[role="group"]')!;
    expect(group.getAttribute('aria-label')).to.equal('Show');
    expect([...group.querySelectorAll('button')].map((b) => textOf(b))).to.deep.equal(['All', 'Files', 'Images', 'Links']);
    expect(findAccessibilityNode<AxNode>(snapshot, (n) => n.role === 'combobox' && n.name === 'From'), 'combobox "From"').to.not.equal(null);
    expect(findAccessibilityNode<AxNode>(snapshot, (n) => n.name === 'All' && n.pressed === true), '"All" is pressed').to.not.equal(null);

    filterButton(el, 'Files').click();
    await expectShown(el, ['photo.png', 'report.pdf', 'scan.heic'], 'Files');
    expect(pressed(el)).to.deep.equal(['Files']);
    expect(count(el)).to.equal('3 of 8 messages');
    expect(spokenCount(el)).to.equal('Files: 3 of 8 messages');
    expect(clearButton(el).disabled).to.equal(false);
    // The quiet lines (joins) go too while a filter is on.
    expect(logRoot(el).querySelectorAll('[part="system-line"]').length).to.equal(0);

    filterButton(el, 'Images').click();
    await expectShown(el, ['photo.png', 'scan.heic'], 'Images');
    expect(count(el)).to.equal('2 of 8 messages');

    filterButton(el, 'Links').click();
    await expectShown(el, ['See https://example.com/manual for the manual', 'Write to mailto:help@example.com or www.example.com'], 'Links');
    expect(spokenCount(el)).to.equal('Links: 2 of 8 messages');

    // Pressing the pressed one goes back to every message; so does "All".
    filterButton(el, 'Links').click();
    await expectShown(el, ALL_LABELS, 'Links pressed again');
    expect(pressed(el)).to.deep.equal(['All']);
    expect(count(el)).to.equal('');
    filterButton(el, 'Images').click();
    await expectShown(el, ['photo.png', 'scan.heic'], 'Images again');
    filterButton(el, 'All').click();
    await expectShown(el, ALL_LABELS, 'All');
    expect(logRoot(el).querySelectorAll('[part="system-line"]').length, 'the join lines are back').to.be.above(0);
  });

  it('filters by participant, alone and with a kind, and counts what comes in under the filters', async () => {
    const { el, alice, carol } = await scene();
    await openSearch(el);
    chooseFrom(el, 'Carol');
    await expectShown(el, ALL_LABELS.filter((_, i) => SCRIPT[i]!.startsWith('carol')), 'From Carol');
    expect(count(el)).to.equal('4 of 8 messages');
    expect(spokenCount(el)).to.equal('from Carol: 4 of 8 messages');
    filterButton(el, 'Files').click();
    await expectShown(el, ['report.pdf'], 'Carol\'s files');
    expect(spokenCount(el)).to.equal('Files, from Carol: 1 of 8 messages');
    chooseFrom(el, 'Bob (you)');
    await waitUntil(() => count(el) === 'No messages match', `count: "${count(el)}"`);
    expect(shown(el)).to.deep.equal([]);

    chooseFrom(el, 'Alice');
    filterButton(el, 'Links').click();
    await expectShown(el, ['Write to mailto:help@example.com or www.example.com'], 'Alice\'s links');
    // A new message that passes shows; one that does not is counted but stays hidden.
    await alice.send('no link here');
    await carol.send('https://example.com/carol');
    await alice.send('https://example.com/alice');
    await expectShown(el, ['Write to mailto:help@example.com or www.example.com', 'https://example.com/alice'], 'after new messages');
    await waitUntil(() => count(el) === '2 of 11 messages', `count: "${count(el)}"`);
    expect(messageWith(el, 'no link here')).to.equal(undefined);
    // A deleted message passes no filter (it has no text, file or link left) and no longer counts.
    const deleted = alice.state.messages.find((m) => m.text === 'https://example.com/alice')!;
    await alice.delete(deleted.id);
    await expectShown(el, ['Write to mailto:help@example.com or www.example.com'], 'after the delete');
    await waitUntil(() => count(el) === '1 of 10 messages', `count: "${count(el)}"`);
  });

  it('combines the filters with the search text: matches are counted and stepped through only in the messages kept', async () => {
    const { el } = await scene();
    await openSearch(el);
    await typeQuery(el, 'printer');
    await waitUntil(() => count(el) === '1 of 3', `count: "${count(el)}"`);
    // Text alone marks and steps, and hides nothing (as before filters).
    expect(shown(el)).to.deep.equal(ALL_LABELS);

    filterButton(el, 'Images').click();
    await expectShown(el, ['photo.png', 'scan.heic'], 'Images with "printer"');
    await waitUntil(() => count(el) === '1 of 1', `count: "${count(el)}"`);
    expect(spokenCount(el)).to.equal('Images: 1 of 1');
    const photo = logRoot(el).querySelector('session-chat-message')!;
    expect([...photo.shadowRoot!.querySelectorAll('mark')].map((m) => m.textContent)).to.deep.equal(['printer']);

    filterButton(el, 'All').click();
    chooseFrom(el, 'Carol');
    await expectShown(el, ALL_LABELS.filter((_, i) => SCRIPT[i]!.startsWith('carol')), 'From Carol with "printer"');
    await waitUntil(() => count(el) === '1 of 1', `count: "${count(el)}"`);
    expect(messageWith(el, 'the printer works')!.currentMatch).to.equal(0);

    // Carol's files: none has "printer" in it.
    filterButton(el, 'Files').click();
    await waitUntil(() => count(el) === 'No matches', `count: "${count(el)}"`);
    expect(shown(el)).to.deep.equal(['report.pdf']);
    await typeQuery(el, 'report');
    await waitUntil(() => count(el) === '1 of 1', `count: "${count(el)}"`);
    // Nothing kept at all: said so, whatever the text.
    filterButton(el, 'Images').click();
    await waitUntil(() => count(el) === 'No messages match', `count: "${count(el)}"`);
  });

  it('"Clear all" forgets the text and the filters; closing the bar does too', async () => {
    const { el } = await scene();
    await openSearch(el);
    await typeQuery(el, 'printer');
    filterButton(el, 'Files').click();
    chooseFrom(el, 'Alice');
    await expectShown(el, ['photo.png', 'scan.heic'], 'Alice\'s files');
    clearButton(el).click();
    await expectShown(el, ALL_LABELS, 'cleared');
    expect(searchField(el).value).to.equal('');
    expect(pressed(el)).to.deep.equal(['All']);
    expect(fromList(el).value).to.equal('');
    expect(count(el)).to.equal('');
    expect(clearButton(el).disabled).to.equal(true);
    await waitUntil(() => deepActiveElement() === searchField(el), 'the focus did not go to the search field');

    filterButton(el, 'Links').click();
    await expectShown(el, ['See https://example.com/manual for the manual', 'Write to mailto:help@example.com or www.example.com'], 'Links');
    filterButton(el, 'Links').focus();
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !bar(el), 'Escape did not close the bar');
    await expectShown(el, ALL_LABELS, 'closed');
    await openSearch(el);
    expect(pressed(el)).to.deep.equal(['All']);
    expect(shown(el)).to.deep.equal(ALL_LABELS);
  });

  it('works by keyboard: Tab reaches the group, arrows move along it (mirrored right to left), Space presses, From by arrows', async () => {
    for (const dir of ['ltr', 'rtl'] as const) {
      const { el } = await scene(dir);
      await openSearch(el);
      // From the field: Previous and Next are disabled without a query; then Close search, then the kinds.
      await sendKeys({ press: 'Tab' });
      expect(deepActiveElement()?.getAttribute('aria-label'), dir).to.equal('Close search');
      await sendKeys({ press: 'Tab' });
      expect(deepActiveElement(), dir).to.equal(filterButton(el, 'All'));
      await sendKeys({ press: dir === 'rtl' ? 'ArrowLeft' : 'ArrowRight' });
      expect(deepActiveElement(), `${dir}: the forward arrow`).to.equal(filterButton(el, 'Files'));
      await sendKeys({ press: 'Space' });
      await expectShown(el, ['photo.png', 'report.pdf', 'scan.heic'], `${dir}: Files by Space`);
      await sendKeys({ press: 'End' });
      expect(deepActiveElement(), dir).to.equal(filterButton(el, 'Links'));
      await sendKeys({ press: dir === 'rtl' ? 'ArrowRight' : 'ArrowLeft' });
      expect(deepActiveElement(), `${dir}: the backward arrow`).to.equal(filterButton(el, 'Images'));
      await sendKeys({ press: 'Enter' });
      await expectShown(el, ['photo.png', 'scan.heic'], `${dir}: Images by Enter`);
      await sendKeys({ press: 'Home' });
      expect(deepActiveElement(), dir).to.equal(filterButton(el, 'All'));
      // Tab leaves the group for "From"; the arrow keys choose in it.
      for (let i = 0; i < 4; i++) await sendKeys({ press: 'Tab' });
      expect(deepActiveElement(), `${dir}: From`).to.equal(fromList(el));
      await sendKeys({ press: 'ArrowDown' });
      await expectShown(el, ['photo.png', 'scan.heic'], `${dir}: Alice's images`);
      expect(fromList(el).selectedOptions[0]!.textContent!.trim()).to.equal('Alice');
      await sendKeys({ press: 'ArrowDown' });
      await waitUntil(() => count(el) === 'No messages match', `${dir}: Carol's images: "${count(el)}"`);
      await sendKeys({ press: 'Tab' });
      expect(deepActiveElement(), `${dir}: Clear all`).to.equal(clearButton(el));
      await sendKeys({ press: 'Enter' });
      await expectShown(el, ALL_LABELS, `${dir}: cleared by keyboard`);
      (el.parentElement!.parentElement as HTMLElement).remove();
    }
  });

  it('is accessible and fits 360 px, left to right and right to left (the filters mirrored)', async () => {
    for (const dir of ['ltr', 'rtl'] as const) {
      const { el } = await scene(dir);
      await openSearch(el);
      await typeQuery(el, 'printer');
      filterButton(el, 'Images').click();
      chooseFrom(el, 'Alice');
      await expectShown(el, ['photo.png', 'scan.heic'], dir);
      await expectAccessible(el);
      const box = el.getBoundingClientRect();
      expect(box.width, dir).to.be.at.most(360);
      const controls = [...barRoot(el).querySelectorAll<HTMLElement>('button, select, input')];
      for (const control of controls) {
        const r = control.getBoundingClientRect();
        const name = control.getAttribute('aria-label') ?? textOf(control);
        expect(r.left >= box.left - 0.5 && r.right <= box.right + 0.5, `${dir}: "${name}" inside the widget (${r.left}–${r.right} of ${box.left}–${box.right})`).to.equal(true);
        expect(Math.min(r.width, r.height), `${dir}: "${name}" is at least 24 px`).to.be.at.least(24);
      }
      const all = filterButton(el, 'All').getBoundingClientRect();
      const links = filterButton(el, 'Links').getBoundingClientRect();
      if (dir === 'rtl') expect(all.left, 'rtl: "All" is right of "Links"').to.be.greaterThan(links.left);
      else expect(all.left, 'ltr: "All" is left of "Links"').to.be.lessThan(links.left);
      // The pressed filter reads as pressed with enough contrast (axe checked the colours).
      expect(getComputedStyle(filterButton(el, 'Images')).backgroundColor).to.not.equal(getComputedStyle(filterButton(el, 'Files')).backgroundColor);
      (el.parentElement!.parentElement as HTMLElement).remove();
    }
  });

  it('a quote whose message the filters hide turns them off and shows it', async () => {
    const session = newSessionId();
    const alice = await others.join(session, { role: 'technician', name: 'Alice', participant: 'alice' });
    const carol = await others.join(session, { role: 'customer', name: 'Carol', participant: 'carol' });
    const question = await alice.send('Which model is it?');
    for (let i = 1; i <= 20; i++) await alice.send(`filler ${i}`);
    await carol.send('An LX-200', { replyTo: question.id });
    const el = await mountChat(await chatBox(), session, BOB);
    await waitForMessage(el, 'An LX-200');
    await openSearch(el);
    chooseFrom(el, 'Carol');
    await expectShown(el, ['An LX-200'], 'From Carol');
    (await waitForMessage(el, 'An LX-200')).shadowRoot!.querySelector<HTMLButtonElement>('[part="quote"]')!.click();
    await waitUntil(() => messageWith(el, 'Which model'), 'the quoted message did not show');
    await waitUntil(() => fromList(el).value === '', 'From was not reset');
    expect(shown(el).length).to.equal(22);
    await waitUntil(() => messageWith(el, 'Which model')!.getAttribute('highlight') === 'target', 'the quoted message is not highlighted');
  });
});
