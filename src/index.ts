/**
 * `session-chat`: registers the `<session-chat>` element and its parts, and re-exports the
 * public types (protocol, headless client, element classes, DOM events, localisation).
 */
import './components/session-chat/session-chat.js';

export * from './protocol/index.js';
export { SessionClient, Backoff, readTokenClaims } from './client/index.js';
export type {
  ConnectionState,
  OutboxEntry,
  PendingMessage,
  SessionClientEventMap,
  SessionClientOptions,
  UnverifiedClaims,
  WebSocketConstructor,
  WebSocketLike,
  SocketHandler,
} from './client/index.js';

export { SessionChat } from './components/session-chat/session-chat.component.js';
export {
  SessionChatMessage,
  QUICK_REACTIONS,
  type MessageActionItem,
} from './components/conversation/session-chat-message/session-chat-message.component.js';
export { SessionChatComposer } from './components/composer/session-chat-composer/session-chat-composer.component.js';
export { SessionChatLog, type LogView } from './components/conversation/session-chat-log/session-chat-log.component.js';
export {
  SessionChatParticipants,
  type ParticipantView,
} from './components/presence/session-chat-participants/session-chat-participants.component.js';
// The parts loaded on first use: types only, so that importing the package does not load them.
export type { SessionChatMenu, MenuItem } from './components/conversation/session-chat-menu/session-chat-menu.component.js';
export type { SessionChatEditor } from './components/conversation/session-chat-editor/session-chat-editor.component.js';
export type { SessionChatConfirm } from './components/shared/session-chat-confirm/session-chat-confirm.component.js';
export type { SessionChatEmojiDialog } from './components/conversation/session-chat-emoji-dialog/session-chat-emoji-dialog.component.js';
export type { SessionChatSettings } from './components/settings/session-chat-settings/session-chat-settings.component.js';
export type { SessionChatSearch } from './components/search/session-chat-search/session-chat-search.component.js';
export type { SessionChatReminders, StoredReminder } from './components/reminders/session-chat-reminders/session-chat-reminders.component.js';
export { DEFAULT_SETTINGS, SETTINGS_STORAGE_KEY, type ChatSettings, type ChatSettingName } from './components/shared/settings-store.js';
export { systemClock, type ChatClock } from './components/shared/clock.js';
export type { PresenceStatus } from './components/conversation/session-chat-message/message-signals.js';
export * from './components/shared/events/index.js';
export { SessionClientController, type SessionClientCallbacks, type SessionClientSource } from './components/session-chat/session-client-controller.js';
export { LocalizeController, loadLanguage, registerTranslation, type Translation, type TranslationKey } from './components/shared/localize/index.js';
export { linkify, type TextPart } from './components/shared/linkify.js';
export { setAssetBase } from './preview/asset-base.js';
export { SessionEndController, type SessionEndHost } from './components/session-end/session-end-controller.js';
// Loaded on first use too (the button for technicians and admins, the banner once ended): types only.
export type { SessionChatEndButton } from './components/session-end/session-chat-end-button/session-chat-end-button.component.js';
export type { SessionChatEnded, TranscriptLinks } from './components/session-end/session-chat-ended/session-chat-ended.component.js';
// Earlier sessions of the same customer (technicians and admins), loaded on first use: types only.
export type { SessionChatEarlierSessions } from './components/earlier-sessions/session-chat-earlier-sessions/session-chat-earlier-sessions.component.js';
export { EarlierSessionsController, type EarlierSessionsHost } from './components/earlier-sessions/earlier-sessions-controller.js';
// File sharing, loaded on first use (a file card, a drag, a share, a preview): types only.
export type { SessionChatFileCard, FileKind } from './components/files/session-chat-file-card/session-chat-file-card.component.js';
export type { SessionChatFiles } from './components/files/session-chat-files/session-chat-files.component.js';
export type { SessionChatUploads } from './components/files/session-chat-uploads/session-chat-uploads.component.js';
export type { SessionChatPreviewDialog, PreviewFile } from './components/previews/session-chat-preview-dialog/session-chat-preview-dialog.component.js';
export { FileSharingController, type FileSharingHost } from './components/files/file-sharing-controller.js';
// Voice messages, loaded on first use (the first press of the microphone, the first voice message): types only.
export type { SessionChatVoiceRecorder } from './components/composer/voice-recorder/session-chat-voice-recorder.component.js';
export type { SessionChatVoiceNote } from './components/files/session-chat-voice-note/session-chat-voice-note.component.js';
// Lit's types that the element's declarations use (its base class, render results, controllers):
// the published declarations carry them inside, and these names let a consumer's own declarations
// refer to them without depending on lit.
export type {
  CSSResult,
  LitElement,
  PropertyValues,
  ReactiveController,
  ReactiveControllerHost,
  TemplateResult,
  nothing,
} from 'lit';
