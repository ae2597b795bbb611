import { html } from 'lit';
import type { ChatMessage } from '../../../protocol/index.js';
import type { MessageMatches } from '../../shared/events/chat-search-change.js';
import { displayName } from '../../shared/display-name.js';

/** What a message knows that its file card shows. */
export interface FileCardContext {
  canDelete: boolean;
  fileUrl: ((fileId: string) => string) | null;
  renditionUrl: ((file: { id: string; name: string; type?: string }) => string | undefined) | null;
  nameOf: ((participantId: string) => string) | null;
  /** Search matches of the message (its file's name first) and the current one. */
  searchMatches?: MessageMatches | null;
  currentMatch?: number;
}

let loading: Promise<unknown> | undefined;

/**
 * The `<session-chat-file-card>` of a message with a file. The card's code is fetched with the
 * first one rendered; until then the element shows the file's name (its light DOM).
 */
export function fileCard(message: ChatMessage, context: FileCardContext) {
  loading ??= import('./session-chat-file-card.js').catch(() => (loading = undefined));
  return html`<session-chat-file-card
    part="file-card"
    exportparts="thumbnail: file-thumbnail, name: file-name, button: file-button, player: file-player, duration: file-duration"
    .message=${message}
    .nameOf=${context.nameOf}
    .fileUrl=${context.fileUrl}
    .renditionUrl=${context.renditionUrl}
    ?can-delete=${context.canDelete}
    .markedName=${context.searchMatches?.file.length ? context.searchMatches.markName(message.file!.name, context.currentMatch ?? -1) : null}
    >${displayName(message.file!.name)}</session-chat-file-card
  >`;
}
