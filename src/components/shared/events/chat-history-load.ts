/** What `<session-chat-history>` asks for: a period (`from` inclusive, `to` exclusive, ms; no `from`: everything), or the last request again. */
export type ChatHistoryLoadEventDetail = { period: { from?: number; to?: number } } | { retry: true };

/** The user chose a period of the history, or "Try again" after a failure; the history feature loads it. Internal: it does not bubble. */
export class ChatHistoryLoadEvent extends CustomEvent<ChatHistoryLoadEventDetail> {
  constructor(detail: ChatHistoryLoadEventDetail) {
    super('chat-history-load', { detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'chat-history-load': ChatHistoryLoadEvent;
  }
}
