/**
 * Files to send as a live transfer ("Send directly (not stored)"): from the composer's "More
 * ways to share" menu, or from the row of an upload refused for its size. The live transfer
 * controller on `<session-chat>` offers them to everyone else online and stops the event.
 */
export class ChatSendDirectEvent extends CustomEvent<{ files: File[] }> {
  constructor(files: File[]) {
    super('chat-send-direct', { bubbles: true, composed: true, detail: { files } });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'chat-send-direct': ChatSendDirectEvent;
  }
}
