export * from './chat-message.js';
export * from './connection-change.js';
export * from './chat-error.js';
export * from './chat-send.js';
export * from './chat-intent.js';
export * from './message-action.js';
export * from './session-ended.js';
export * from './transcript-ready.js';
export * from './chat-end-session.js';
export * from './chat-share.js';
export * from './chat-preview.js';
export * from './unread-change.js';
export * from './settings-change.js';
export type { ChatSearchChangeEvent, ChatSearchChangeEventDetail, MatchRange, MessageMatches } from './chat-search-change.js';
export type { ChatReminderOpenEvent, ChatReminderOpenEventDetail } from './chat-reminder-open.js';
export type { ChatRemindersChangeEvent, ChatRemindersChangeEventDetail } from './chat-reminders-change.js';
export type {
  ChatPreviewCloseEvent,
  ChatPreviewDownloadEvent,
  ChatPreviewChangeEvent,
  ChatPreviewReadyEvent,
  ChatPreviewErrorEvent,
  ChatPreviewFileEventDetail,
  ChatPreviewReadyEventDetail,
  ChatPreviewErrorEventDetail,
} from './chat-preview-dialog.js';
export * from './chat-log-scroll.js';
export * from './chat-menu-close.js';
export * from './chat-edit-cancel.js';
export * from './chat-search-close.js';
export * from './chat-uploads-empty.js';
export * from './invite-request.js';
export * from './chat-announce.js';
export * from './chat-voice-end.js';
export * from './composer-action.js';
export type { ChatSendDirectEvent } from './chat-send-direct.js';
