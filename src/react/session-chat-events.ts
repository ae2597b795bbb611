import type {
  ChatErrorEvent,
  ChatMessageEvent,
  ChatSessionEndedEvent,
  ChatTranscriptReadyEvent,
  ConnectionChangeEvent,
  MessageActionEvent,
  SettingsChangeEvent,
  UnreadChangeEvent,
} from '../index.js';

/** The DOM events `<session-chat>` fires for its host, by name, with their classes. */
export interface SessionChatEventMap {
  'chat-message': ChatMessageEvent;
  'message-action': MessageActionEvent;
  'connection-change': ConnectionChangeEvent;
  'chat-error': ChatErrorEvent;
  'session-ended': ChatSessionEndedEvent;
  'transcript-ready': ChatTranscriptReadyEvent;
  'unread-change': UnreadChangeEvent;
  'settings-change': SettingsChangeEvent;
}
