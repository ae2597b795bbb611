import type { ChatMessage } from '../../../protocol/index.js';

/** What a message asks its `<session-chat>` to do; one member per action of its menu. */
export type ChatIntentEventDetail =
  | { intent: 'react'; message: ChatMessage; emoji: string }
  /** Open the full emoji picker to react to `message`. */
  | { intent: 'pick-emoji'; message: ChatMessage }
  | { intent: 'reply'; message: ChatMessage }
  | { intent: 'copy'; message: ChatMessage }
  | { intent: 'edit'; message: ChatMessage; text: string; notify: boolean }
  /** Asks for confirmation first, then deletes. */
  | { intent: 'delete'; message: ChatMessage }
  /** Scroll to the message that `message` replies to, and highlight it. */
  | { intent: 'show-original'; message: ChatMessage }
  /** Open the "Remind me" choices for `message`. */
  | { intent: 'remind'; message: ChatMessage }
  /** One of the host's `messageActions`. */
  | { intent: 'host-action'; message: ChatMessage; action: string };

/**
 * A message part reports what the user chose; `<session-chat>` decides (it calls the client,
 * asks for confirmation, copies) and stops the event there.
 */
export class ChatIntentEvent extends CustomEvent<ChatIntentEventDetail> {
  constructor(detail: ChatIntentEventDetail) {
    super('chat-intent', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'chat-intent': ChatIntentEvent;
  }
}
