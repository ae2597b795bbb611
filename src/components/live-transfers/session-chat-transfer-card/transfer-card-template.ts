import { html } from 'lit';
import type { ChatMessage } from '../../../protocol/index.js';

let loading: Promise<unknown> | undefined;

/** A live transfer's card in a message; its module loads with the first one shown. */
export function transferCard(message: ChatMessage, nameOf: (id: string) => string) {
  loading ??= import('./session-chat-transfer-card.js').catch(() => (loading = undefined));
  return html`<session-chat-transfer-card part="transfer-card" exportparts="card: transfer, button: transfer-button, progress: transfer-progress" .message=${message} .nameOf=${nameOf}></session-chat-transfer-card>`;
}
