/**
 * A message's actions driven the way a user does: find the message by its text, open its
 * "More actions" menu, choose an item by its accessible name, edit the message in place.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { ChatMessageEvent } from '../../../src/index.js';
import type { SessionChat } from '../../../src/components/session-chat/session-chat.component.js';
import type { SessionChatMessage } from '../../../src/components/conversation/session-chat-message/session-chat-message.component.js';
import { logRoot } from './dom.js';

/** The message element whose text contains `text` (the newest one when several do). */
export function messageWith(el: SessionChat, text: string): SessionChatMessage | undefined {
  const all = [...logRoot(el).querySelectorAll('session-chat-message')];
  return all.reverse().find((m) => m.shadowRoot!.querySelector('[part="text"]')?.textContent?.includes(text));
}

/** Waits until `el` shows a message containing `text`, and returns it. */
export async function waitForMessage(el: SessionChat, text: string, timeout = 10000): Promise<SessionChatMessage> {
  await waitUntil(() => messageWith(el, text), `no message containing "${text}"`, { timeout });
  const message = messageWith(el, text)!;
  await message.updateComplete;
  return message;
}

/** The first element matching `selector` in `root` or in the shadow roots of its elements, depth first. */
export function deepQuery<E extends Element = HTMLElement>(root: ParentNode, selector: string): E | null {
  const found = root.querySelector<E>(selector);
  if (found) return found;
  for (const el of root.querySelectorAll('*')) {
    const inner = el.shadowRoot && deepQuery<E>(el.shadowRoot, selector);
    if (inner) return inner;
  }
  return null;
}

/** A part of a message, also inside its menu and its editor. */
export function part(message: SessionChatMessage, name: string): HTMLElement | null {
  return deepQuery(message.shadowRoot!, `[part~="${name}"]`);
}

export function actionsButton(message: SessionChatMessage): HTMLButtonElement | null {
  return message.shadowRoot!.querySelector<HTMLButtonElement>('[part~="actions-button"]');
}

export function menu(message: SessionChatMessage): HTMLElement | null {
  return deepQuery(message.shadowRoot!, '[role="menu"]');
}

/** The names of the open menu's items, in order. */
export function menuItemNames(message: SessionChatMessage): string[] {
  return [...(menu(message)?.querySelectorAll('[role="menuitem"]') ?? [])].map((item) => item.textContent!.trim());
}

export function menuItem(message: SessionChatMessage, name: string): HTMLButtonElement {
  const item = [...(menu(message)?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]') ?? [])].find(
    (i) => i.textContent!.trim() === name,
  );
  if (!item) throw new Error(`no menu item "${name}" (have ${JSON.stringify(menuItemNames(message))})`);
  return item;
}

/** Clicks "More actions" and waits for the menu. */
export async function openMenu(message: SessionChatMessage): Promise<HTMLElement> {
  const button = actionsButton(message);
  if (!button) throw new Error('the message has no "More actions" button');
  button.click();
  await message.updateComplete;
  await waitUntil(() => menu(message)?.matches(':popover-open'), 'the menu did not open');
  return menu(message)!;
}

/** Opens the menu and chooses the item named `name`. */
export async function choose(message: SessionChatMessage, name: string): Promise<void> {
  await openMenu(message);
  menuItem(message, name).click();
  await message.updateComplete;
}

/** The focused element, looking inside shadow roots. */
export function deepActiveElement(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

/** The delete confirmation, once it is open. */
export async function openDeleteDialog(el: SessionChat): Promise<HTMLDialogElement> {
  // The open one: a technician's header also holds the (closed) "Add participant" dialog.
  const dialog = () => deepQuery<HTMLDialogElement>(el.shadowRoot!, 'session-chat-confirm dialog[open], dialog[part~="dialog"][open]');
  await waitUntil(() => dialog()?.open, 'no confirmation');
  return dialog()!;
}

export function dialogButton(dialog: HTMLDialogElement, name: string): HTMLButtonElement {
  const button = [...dialog.querySelectorAll('button')].find((b) => b.textContent!.trim() === name);
  if (!button) throw new Error(`no button "${name}" in the dialog`);
  return button;
}

/** A short description of an element for failure messages (chai would walk a whole Lit element). */
export function describeElement(el: Element | null): string {
  if (!el) return 'nothing';
  const label = el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 40) ?? '';
  return `<${el.tagName.toLowerCase()}${el.getAttribute('part') ? ` part="${el.getAttribute('part')}"` : ''}> "${label}"`;
}

/** Asserts where the focus is without handing elements to chai (whose diff of a Lit element is huge). */
export function expectFocusOn(expected: Element | null, what: string): void {
  const active = deepActiveElement();
  if (active !== expected) throw new Error(`${what}: the focus is on ${describeElement(active)}, not ${describeElement(expected)}`);
}

/** Collects an element's `chat-message` events that announce edits. */
export function editEvents(el: SessionChat): ChatMessageEvent[] {
  const seen: ChatMessageEvent[] = [];
  el.addEventListener('chat-message', (event) => {
    if (event.detail.edit) seen.push(event);
  });
  return seen;
}

/**
 * Edits `el`'s message `text` the way its author does: "Edit" in its menu, the new text typed over
 * the old, "Notify others" ticked when `notify`, Enter.
 */
export async function editInPlace(el: SessionChat, text: string, replacement: string, notify: boolean): Promise<void> {
  const message = await waitForMessage(el, text);
  await choose(message, 'Edit');
  await waitUntil(() => part(message, 'editor'), 'no editor');
  const editor = part(message, 'editor') as HTMLTextAreaElement;
  await waitUntil(() => deepActiveElement() === editor, 'the editor is not focused');
  expect(editor.value, 'the editor starts with the original text').to.equal(text);
  const checkbox = deepQuery<HTMLInputElement>(message.shadowRoot!, 'input[type="checkbox"]')!;
  expect(checkbox.checked, '"Notify others" is off by default').to.equal(false);
  if (notify) checkbox.click();
  editor.focus();
  editor.select();
  await sendKeys({ type: replacement });
  await sendKeys({ press: 'Enter' });
}
