/**
 * `<session-chat>` elements for tests of presence, typing, receipts, unread counts, settings,
 * drafts, search and reminders: each joins the real relay with a token for a fixed participant,
 * so a new element (a "reload") is the same person again.
 */
import { fixture, html, waitUntil } from '@open-wc/testing';
import type { SessionChat } from '../../../src/components/session-chat/session-chat.component.js';
import type { Role } from '../../../src/protocol/index.js';
import type { SessionClient } from '../../../src/client/index.js';
import { joinAs, relayUrl, startRelay, tokenFor, type TokenOptions } from './relay.js';

export interface Person {
  name: string;
  role?: Role;
  /** Participant id (default: the name in lower case). */
  id?: string;
  /** The host's customer reference carried by the token. */
  customer?: string;
}

/** A box of 360×480 px (a phone), appended to the test's fixture container. */
export async function chatBox(): Promise<HTMLDivElement> {
  return fixture<HTMLDivElement>(html`<div style="display: flex; gap: 8px; align-items: stretch"></div>`);
}

/** A new `<session-chat>` for `person` in `session`, in its own 360×480 slot of `box`, live. */
export async function mountChat(
  box: HTMLElement,
  session: string,
  person: Person,
  setup: (el: SessionChat) => void = () => {},
): Promise<SessionChat> {
  const slot = document.createElement('div');
  slot.style.cssText = 'width: 360px; height: 480px';
  const el = document.createElement('session-chat');
  el.id = person.id ?? person.name.toLowerCase();
  setup(el);
  el.server = await relayUrl();
  el.token = await tokenFor(session, { role: person.role ?? 'customer', name: person.name, participant: person.id ?? person.name.toLowerCase(), customer: person.customer });
  slot.append(el);
  box.append(slot);
  await waitUntil(() => el.connectionState === 'live', `${person.name}'s element did not go live`, { timeout: 8000 });
  await el.updateComplete;
  return el;
}

/** Removes the element with its slot (its own client closes). */
export function unmount(el: SessionChat): void {
  (el.parentElement ?? el).remove();
}

/** An element of the shadow root by selector (also inside nested shadow roots), or null. */
export function inside<E extends Element = HTMLElement>(root: Element | ShadowRoot, selector: string): E | null {
  const scope = root instanceof Element ? root.shadowRoot! : root;
  const found = scope.querySelector<E>(selector);
  if (found) return found;
  for (const child of scope.querySelectorAll('*')) {
    if (!child.shadowRoot) continue;
    const inner = inside<E>(child, selector);
    if (inner) return inner;
  }
  return null;
}

/** Text of a node with white space folded. */
export function textOf(node: Node | null | undefined): string {
  return (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** The participant list's text as a screen reader reads it. */
export function participantsText(el: SessionChat): string {
  return textOf(el.shadowRoot!.querySelector('session-chat-participants')!.shadowRoot!);
}

/**
 * Pretends the page is hidden (or visible again) for every element of the page: the test
 * browser's tab never is, so `document.hidden` and `visibilityState` are overridden.
 */
export function setPageHidden(hidden: boolean): void {
  if (hidden) {
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
  } else {
    delete (document as { hidden?: boolean }).hidden;
    delete (document as { visibilityState?: string }).visibilityState;
  }
  document.dispatchEvent(new Event('visibilitychange'));
}

/**
 * Pretends the page has the system focus (or gives the real answer back with `false`). The
 * widget marks messages read only in a focused page, and the test browser's window loses the
 * focus for good once another test's page or picker took it.
 */
export function setPageFocused(focused: boolean): void {
  if (focused) document.hasFocus = () => true;
  else delete (document as { hasFocus?: () => boolean }).hasFocus;
}

/** A clock where minutes pass in milliseconds (`factor` times faster), for reminders. */
export function fastClock(factor = 1000) {
  const start = Date.now();
  return {
    now: () => start + (Date.now() - start) * factor,
    setTimeout: (callback: () => void, ms: number) => setTimeout(callback, ms / factor),
    clearTimeout: (handle: unknown) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  };
}

/**
 * For a `describe` whose tests join other participants with headless clients: `join` joins one
 * and keeps it; after each test they are closed, the page is visible (and, with `focusedPage`,
 * focused only during tests), `cleanup` runs, and the relay restarts.
 */
export function otherParticipants(options: { focusedPage?: boolean; cleanup?: () => void } = {}) {
  let clients: SessionClient[] = [];
  if (options.focusedPage) beforeEach(() => setPageFocused(true));
  afterEach(async () => {
    setPageHidden(false);
    if (options.focusedPage) setPageFocused(false);
    options.cleanup?.();
    for (const client of clients) client.close();
    clients = [];
    await startRelay();
  });
  return {
    async join(session: string, token: TokenOptions): Promise<SessionClient> {
      const client = await joinAs(session, token);
      clients.push(client);
      return client;
    },
  };
}
