/**
 * The widget with messages, a file card and the participant list, audited with axe's WCAG 2.2 AA
 * rules in light and dark schemes, forced colours and right to left; with every control at least
 * 24 × 24 px, focused controls not hidden under the widget's overlays, and no motion when the
 * user asks for less.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { emulateMedia, executeServerCommand } from '@web/test-runner-commands';
import '../../src/index.js';
import type { SessionClient } from '../../src/client/index.js';
import type { SessionChat } from '../../src/components/session-chat/session-chat.component.js';
import { expectAccessible } from './support/a11y.js';
import { waitForCard } from './support/files.js';
import { joinAs, newSessionId, relayUrl, tokenFor } from './support/relay.js';
import { logRoot } from './support/dom.js';

const FILE_NAME = 'maintenance-visit-report-2026-12-04b.pdf';

/** Every element inside `root`, shadow roots included. */
function deepElements(root: Element | ShadowRoot): Element[] {
  const found: Element[] = [];
  for (const element of root.querySelectorAll('*')) {
    found.push(element);
    if (element.shadowRoot) found.push(...deepElements(element.shadowRoot));
  }
  return found;
}

/** The controls a pointer aims at (inline links in message text are exempt from target sizes). */
function controls(el: SessionChat): HTMLElement[] {
  return deepElements(el.shadowRoot!).filter(
    (node): node is HTMLElement =>
      node instanceof HTMLElement &&
      node.matches('button, a[href]:not([part~="link"]), textarea, select, label.attach, input:not(.visually-hidden)') &&
      node.getClientRects().length > 0,
  );
}

/** The innermost element at a point, through shadow roots. */
function deepElementFromPoint(x: number, y: number): Element | null {
  let element = document.elementFromPoint(x, y);
  while (element?.shadowRoot) {
    const inner = element.shadowRoot.elementFromPoint(x, y);
    if (!inner || inner === element) break;
    element = inner;
  }
  return element;
}

/** Whether `node` is `ancestor` or inside it, across shadow roots. */
function within(node: Node | null, ancestor: Node): boolean {
  for (let n = node; n; n = n.parentNode ?? (n instanceof ShadowRoot ? n.host : null)) if (n === ancestor) return true;
  return false;
}

const resetMedia = async () => {
  await emulateMedia({ colorScheme: 'no-preference', reducedMotion: 'no-preference' });
  await executeServerCommand('emulate-media-features', []);
};

describe('accessibility of the whole widget', () => {
  let clients: SessionClient[] = [];
  afterEach(async () => {
    for (const client of clients) client.close();
    clients = [];
    await resetMedia();
  });

  /** Tom (technician) sees Ann's messages and her file, in a 360 × 640 box with `dir`. */
  async function mountScene(dir: 'ltr' | 'rtl'): Promise<SessionChat> {
    const session = newSessionId();
    const ann = await joinAs(session, { role: 'customer', name: 'Ann' });
    clients.push(ann);
    const token = await tokenFor(session, { role: 'technician', name: 'Tom (Support)' });
    const server = await relayUrl();
    const box = await fixture<HTMLDivElement>(html`<div dir=${dir} style="width: 360px; height: 640px"><session-chat server=${server} token=${token}></session-chat></div>`);
    const el = box.querySelector('session-chat')!;
    await waitUntil(() => el.connectionState === 'live', 'the element did not go live', { timeout: 5000 });
    await ann.send('The printer shows error E-42 since this morning.');
    await ann.shareFiles([new File(['%PDF-1.4\n'], FILE_NAME, { type: 'application/pdf' })])[0]!.done;
    await ann.send('Here is the report, see https://example.com/help');
    await waitForCard(el, FILE_NAME);
    await waitUntil(() => logRoot(el).querySelectorAll('session-chat-message').length === 3, 'the messages did not show');
    const list = el.shadowRoot!.querySelector('session-chat-participants')!.shadowRoot!;
    await waitUntil(() => list.querySelectorAll('li').length === 2, 'the participant list is not complete');
    await el.updateComplete;
    return el;
  }

  function expectTargetSizes(el: SessionChat): void {
    const all = controls(el);
    expect(all.length, 'controls found').to.be.above(8);
    const smallest = Math.min(...all.flatMap((c) => [c.getBoundingClientRect().width, c.getBoundingClientRect().height]));
    // eslint-disable-next-line no-console
    console.log(`[a11y] ${all.length} controls, smallest side ${smallest.toFixed(1)} px: ${all.map((c) => c.getAttribute('aria-label') ?? c.textContent!.trim()).join(' | ')}`);
    for (const control of all) {
      const box = control.getBoundingClientRect();
      const name = control.getAttribute('aria-label') ?? control.textContent!.trim() ?? control.localName;
      expect(box.width, `"${name}" is ${box.width.toFixed(1)} px wide`).to.be.at.least(24);
      expect(box.height, `"${name}" is ${box.height.toFixed(1)} px high`).to.be.at.least(24);
    }
  }

  /** Focuses each control of the log and finds it on top at its centre. */
  function expectFocusNotObscured(el: SessionChat): void {
    const log = logRoot(el).querySelector<HTMLElement>('[part~="log"]')!;
    const inLog = controls(el).filter((control) => within(control, log));
    expect(inLog.length, 'controls in the log').to.be.above(2);
    for (const control of inLog) {
      control.focus();
      const box = control.getBoundingClientRect();
      const top = deepElementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
      expect(within(top, control), `"${control.getAttribute('aria-label') ?? control.textContent!.trim()}" is covered by ${top?.localName}.${(top as HTMLElement | null)?.className}`).to.equal(true);
    }
  }

  it('passes in the light scheme', async () => {
    await emulateMedia({ colorScheme: 'light' });
    const el = await mountScene('ltr');
    expect(getComputedStyle(el).backgroundColor).to.equal('rgb(255, 255, 255)');
    await expectAccessible(el);
    expectTargetSizes(el);
    expectFocusNotObscured(el);
  });

  it('passes in the dark scheme', async () => {
    await emulateMedia({ colorScheme: 'dark' });
    const el = await mountScene('ltr');
    expect(getComputedStyle(el).backgroundColor).to.equal('rgb(13, 17, 23)');
    await expectAccessible(el);
    expectTargetSizes(el);
  });

  it('passes in forced colours, with every icon button edged in a system colour', async () => {
    await executeServerCommand('emulate-media-features', [{ name: 'forced-colors', value: 'active' }]);
    expect(matchMedia('(forced-colors: active)').matches, 'forced colours are emulated').to.equal(true);
    const el = await mountScene('ltr');
    await expectAccessible(el);
    expectTargetSizes(el);
    const buttons = controls(el).filter((control) => control.localName === 'button');
    for (const button of buttons) {
      const name = button.getAttribute('aria-label') ?? button.textContent!.trim();
      expect(parseFloat(getComputedStyle(button).borderTopWidth), `"${name}" has no edge`).to.be.at.least(1);
    }
  });

  it('passes right to left, with the header mirrored', async () => {
    const el = await mountScene('rtl');
    await expectAccessible(el);
    expectTargetSizes(el);
    expectFocusNotObscured(el);
    const participants = el.shadowRoot!.querySelector('session-chat-participants')!.getBoundingClientRect();
    const search = el.shadowRoot!.querySelector('[part~="search-button"]')!.getBoundingClientRect();
    expect(search.right, 'Search sits left of the participants').to.be.at.most(participants.left);
  });

  it('stops animations when reduced motion is asked for', async () => {
    const el = await mountScene('ltr');
    const message = logRoot(el).querySelector('session-chat-message')!;
    message.setAttribute('highlight', 'target');
    expect(getComputedStyle(message).animationName, 'a highlighted message animates by default').to.not.equal('none');
    await emulateMedia({ reducedMotion: 'reduce' });
    expect(getComputedStyle(message).animationName).to.equal('none');
    for (const node of deepElements(el.shadowRoot!)) {
      const style = getComputedStyle(node);
      expect(style.animationName, `${node.localName} animates`).to.equal('none');
      expect(['0s', ''], `${node.localName} has a transition`).to.include(style.transitionDuration.split(',')[0]!.trim());
    }
  });
});
