import { html } from 'lit';
import type { ChatMessage } from '../../../protocol/index.js';

let loading: Promise<unknown> | undefined;

/** What a file card gives its voice note. */
export interface VoiceNoteContext {
  message: ChatMessage | null;
  fileUrl: ((fileId: string) => string) | null;
  canDelete: boolean;
}

/** The `<session-chat-voice-note>` of a voice message; its code is fetched with the first one. */
export function voiceNote(card: VoiceNoteContext) {
  loading ??= import('./session-chat-voice-note.js').catch(() => (loading = undefined));
  return html`<session-chat-voice-note .message=${card.message} .fileUrl=${card.fileUrl} ?can-delete=${card.canDelete}></session-chat-voice-note>`;
}
