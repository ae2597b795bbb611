/**
 * A message's menu and its items (react, reply, copy, remind, edit, delete, the host's own
 * actions, or the row of quick reactions): a chunk loaded with `<session-chat-menu>` when the
 * menu first opens (or "More actions" is first hovered or focused).
 */
import { html } from 'lit';
import type { ChatMenuCloseEvent } from '../../shared/events/chat-menu-close.js';
import type { ChatMessage } from '../../../protocol/index.js';
import type { ChatIntentEventDetail } from '../../shared/events/chat-intent.js';
import type { LocalizeController } from '../../shared/localize/localize.js';
import '../session-chat-menu/session-chat-menu.js';
import type { MenuItem } from '../session-chat-menu/session-chat-menu.component.js';
import { QUICK_REACTIONS, type MessageActionItem } from './session-chat-message.component.js';

/** The members of `<session-chat-message>` the menu uses (it `implements` this). */
export interface MessageMenuView extends HTMLElement {
  readonly localize: LocalizeController;
  menu: 'actions' | 'react' | null;
  readonly trigger: HTMLButtonElement | null;
  readonly own: boolean;
  readonly canReact: boolean;
  readonly canReply: boolean;
  readonly canEdit: boolean;
  readonly canDelete: boolean;
  readonly hostActions: readonly MessageActionItem[];
  emit(detail: ChatIntentEventDetail): void;
  startEditing(): Promise<void>;
  onMenuClose(event: ChatMenuCloseEvent): void;
}

function menuItems(view: MessageMenuView, message: ChatMessage): MenuItem[] {
  const l = view.localize;
  const emit = (detail: ChatIntentEventDetail) => view.emit(detail);
  if (view.menu === 'react') {
    return [
      ...QUICK_REACTIONS.map((emoji) => ({ label: emoji, run: () => emit({ intent: 'react', message, emoji }) })),
      { label: l.term('moreEmoji'), run: () => emit({ intent: 'pick-emoji', message }) },
    ];
  }
  const items: MenuItem[] = [];
  // React shows the quick reactions in the same place.
  if (view.canReact) items.push({ label: l.term('react'), run: () => (view.menu = 'react'), submenu: true });
  if (view.canReply) items.push({ label: l.term('reply'), run: () => emit({ intent: 'reply', message }) });
  items.push({ label: l.term('copy'), run: () => emit({ intent: 'copy', message }) });
  items.push({ label: l.term('reminder.remindMe'), run: () => emit({ intent: 'remind', message }) });
  if (view.canEdit) items.push({ label: l.term('edit'), run: () => view.startEditing() });
  if (view.canDelete) items.push({ label: l.term('delete'), run: () => emit({ intent: 'delete', message }) });
  for (const action of view.hostActions) {
    items.push({ label: action.label, run: () => emit({ intent: 'host-action', message, action: action.id }) });
  }
  return items;
}

export function renderMessageMenu(view: MessageMenuView, message: ChatMessage) {
  const l = view.localize;
  const react = view.menu === 'react';
  return html`<session-chat-menu
    exportparts="menu, menu-item"
    .items=${menuItems(view, message)}
    .anchor=${view.trigger}
    label=${react ? l.term('react') : l.term('messageActions')}
    orientation=${react ? 'horizontal' : 'vertical'}
    ?align-start=${!view.own}
    @chat-menu-close=${view.onMenuClose}
  ></session-chat-menu>`;
}
