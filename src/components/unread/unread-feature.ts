/**
 * The read state's work, loaded once something is past this participant's read position:
 * marking the log read while its newest message can be seen, counting the others' messages that
 * arrive meanwhile (`unread-change`, the badge), the "New messages" divider and "Jump to first
 * unread".
 */
import { html, nothing } from 'lit';
import { unreadMessages } from '../../protocol/index.js';
import { UnreadChangeEvent } from '../shared/events/unread-change.js';
// The badge's, the divider's and the jump button's strings.
import '../shared/localize/en-more.js';
import type { LocalizeController } from '../shared/localize/localize.js';
import type { UnreadController } from './unread-controller.js';
import { adoptLazyStyles } from '../shared/lazy-styles.js';
import { unreadStyles } from './unread-feature.styles.js';

export function updateUnread(unread: UnreadController): void {
  adoptLazyStyles(unread.host.renderRoot, unreadStyles);
  const client = unread.host.client;
  const me = client?.me?.id;
  const atEnd = unread.options.atEnd();
  let count = 0;
  if (client && me && client.connectionState === 'live') {
    const messages = unreadMessages(client.state, me, client.readSeq);
    if (unread.seen !== client) {
      // Joined (or another session): the divider shows where the participant left off.
      unread.seen = client;
      unread.first = messages[0] ?? null;
    }
    if (atEnd && !document.hidden && document.hasFocus() && !unread.options.minimized()) {
      if (client.state.lastSeq > client.readSeq) client.markRead();
    } else {
      count = messages.length;
      // A new run of unread messages after everything was read: the divider moves to it.
      if (!unread.count && count) unread.first = messages[0]!;
    }
  }
  if (count !== unread.count) unread.host.dispatchEvent(new UnreadChangeEvent({ count: (unread.count = count) }));
}

export function renderBadge(count: number, l: LocalizeController) {
  const name = l.plural('unread', count);
  return count ? html`<span class="badge" part="unread-badge" title=${name}><span aria-hidden="true">${count}</span><span class="visually-hidden">${name}</span></span>` : nothing;
}

export function renderJumpButton(unread: UnreadController, l: LocalizeController) {
  const first = unread.first;
  return unread.count && first
    ? html`<button class="first-unread" part="first-unread-button" type="button" @click=${() => unread.options.show(first.id)}>${l.term('unread.jump')}</button>`
    : nothing;
}
