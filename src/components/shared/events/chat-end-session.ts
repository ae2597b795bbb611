/**
 * The "End session" button asks to end the session, after the user confirmed.
 * `<session-chat>` handles it (it calls `client.endSession()`) and stops it there.
 */
export class ChatEndSessionEvent extends CustomEvent<Record<string, never>> {
  constructor() {
    super('chat-end-session', { bubbles: true, composed: true, detail: {} });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'chat-end-session': ChatEndSessionEvent;
  }
}
