import type { ChatMessage } from '../../../protocol/index.js';

export interface ChatMessageEventDetail {
  /** The message as folded into the session state. */
  message: ChatMessage;
  /** True when this participant sent it (from another tab, or acked from this one). */
  own: boolean;
  /**
   * True when the event announces an edit whose author asked to notify the others ("Notify
   * others about this change"); `message` then carries the new text. Absent for new messages.
   */
  edit?: boolean;
}

/**
 * A message arrived live, or another participant edited one and asked to notify the others
 * (`detail.edit`). History replayed on join or resume never fires it, nor does a silent edit.
 */
export class ChatMessageEvent extends CustomEvent<ChatMessageEventDetail> {
  constructor(detail: ChatMessageEventDetail) {
    super('chat-message', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'chat-message': ChatMessageEvent;
  }
}
