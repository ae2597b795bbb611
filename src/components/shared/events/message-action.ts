import type { ChatMessage } from '../../../protocol/index.js';

export interface MessageActionEventDetail {
  /** The `id` of the host-defined action chosen (an item of `messageActions`). */
  action: string;
  /** The message whose menu it was chosen from, as folded into the session state. */
  message: ChatMessage;
}

/** The user chose one of the host's own actions (`messageActions`) in a message's menu. */
export class MessageActionEvent extends CustomEvent<MessageActionEventDetail> {
  constructor(detail: MessageActionEventDetail) {
    super('message-action', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'message-action': MessageActionEvent;
  }
}
