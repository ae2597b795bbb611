import { LitElement, html, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import { isThumbnailDataUrl, type ChatMessage } from '../../../protocol/index.js';
import { previewKindOf } from '../../../preview/preview-kind.js';
import { ChatIntentEvent } from '../../shared/events/chat-intent.js';
import { ChatPreviewEvent } from '../../shared/events/chat-preview.js';
import { formatBytes } from '../../shared/file-size.js';
import { icon } from '../../shared/icons.js';
import { DELETE, DOWNLOAD, PREVIEW } from '../../shared/icons-lazy.js';
import { LocalizeController } from '../../shared/localize/localize.js';
import { themeStyles } from '../../shared/theme.styles.js';
import { messageCardStyles } from '../../shared/message-card.styles.js';
import { sessionChatFileCardStyles } from './session-chat-file-card.styles.js';
import { formatDuration, inlinePlayer, isoDuration, pauseInlinePlayer, playsInline } from './file-card-media.js';
import { voiceNote } from '../session-chat-voice-note/voice-note-template.js';
// The strings this lazy part shows.
import '../../shared/localize/en-more.js';
import { displayName } from '../../shared/display-name.js';
import { fileBadge, fileKindOf } from '../../shared/file-kind.js';

export type { FileKind } from '../../shared/file-kind.js';

/**
 * @summary A shared file in the log, the same for everyone: an icon by type (or the image's
 * thumbnail, a video's poster frame with a play mark), the name (as text, in full: it wraps, and the buttons go to a line of their
 * own when the name needs the room; the full name in its title too), the size and who
 * shared it (and an audio or video file's duration, as its sender measured it); a short clip
 * the browser can play gets a player in the card ("Audio: NAME" / "Video: NAME", nothing
 * loaded before Play, one playing at a time); "Preview NAME" for a file a previewer can show (a click on the thumbnail too),
 * "Download NAME" (a link with `download`), and "Delete NAME" for whoever may delete it. Once
 * removed: the name, "File removed", by whom and when. Loaded with the first file message.
 *
 * The card only reports: `chat-preview` to preview, `chat-intent` (`delete`) to delete after
 * confirmation; `<session-chat>` decides.
 *
 * @event chat-preview - "Preview" or the thumbnail was chosen. `detail: { message }`.
 * @event chat-intent - "Delete" was chosen (`intent: 'delete'`).
 *
 * @csspart card - The card.
 * @csspart thumbnail - An image's thumbnail.
 * @csspart icon - The type icon (`data-kind`: `pdf`, `document`, `sheet`, `image`, `media`, `archive`, `other`).
 * @csspart name - The file name.
 * @csspart details - Size and who shared it, or "File removed" with by whom and when.
 * @csspart duration - An audio or video file's playing time (`1:05`), in the details.
 * @csspart player - The inline `<audio>` / `<video>` of a short clip.
 * @csspart button - Every button (also `preview-button`, `download-button`, `delete-button`).
 */
export class SessionChatFileCard extends LitElement {
  static override styles = [themeStyles, messageCardStyles, sessionChatFileCardStyles];

  private readonly localize = new LocalizeController(this);

  /** The message that shared the file (`message.file` is shown). */
  @property({ attribute: false }) message: ChatMessage | null = null;

  /** Display name of a participant id (who shared the file, who removed it). */
  @property({ attribute: false }) nameOf: ((participantId: string) => string) | null = null;

  /** The download URL of a file id (`client.fileUrl`); no Download button without one. */
  @property({ attribute: false }) fileUrl: ((fileId: string) => string) | null = null;
  /** The relay's PDF of a file where that is its preview; a Preview button also for such files. */
  @property({ attribute: false }) renditionUrl: ((file: { id: string; name: string; type?: string }) => string | undefined) | null = null;

  /** The viewer may delete the file (their own, or a technician's right). */
  @property({ type: Boolean, attribute: 'can-delete' }) canDelete = false;

  /** The name with search matches marked (from `<session-chat>`'s search), shown instead of the plain name. */
  @property({ attribute: false }) markedName: unknown = null;

  private preview(): void {
    pauseInlinePlayer();
    if (this.message) this.dispatchEvent(new ChatPreviewEvent({ message: this.message }));
  }

  private delete(): void {
    if (this.message) this.dispatchEvent(new ChatIntentEvent({ intent: 'delete', message: this.message }));
  }

  override render() {
    const message = this.message;
    const file = message?.file;
    if (!message || !file) return nothing;
    const l = this.localize;
    // Shown without invisible or direction characters: an override inside the name would misstate its extension.
    const name = displayName(file.name);
    const removed = file.removed || message.deleted !== null;
    // A voice message is its player (`<session-chat-voice-note>`, a chunk fetched with the first one).
    if (file.media?.voice && !removed) return voiceNote(this);
    const kind = removed ? 'none' : previewKindOf(file);
    const previewable = !removed && (kind !== 'none' || this.renditionUrl?.(file) !== undefined);
    const thumbnail = previewable && isThumbnailDataUrl(file.thumbnail) ? file.thumbnail : '';
    const deleted = message.deleted;
    const nameOf = this.nameOf ?? (() => l.term('unknownParticipant'));
    const href = removed ? '' : (this.fileUrl?.(file.id) ?? '');
    const durationMs = file.media?.durationMs;
    const details = removed
      ? html`<span class="removed-note">${l.term('files.removed')}</span>${deleted
            ? ` · ${l.term('deletedBy', { name: nameOf(deleted.by), time: l.time(deleted.at) })}`
            : nothing}`
      : html`${durationMs === undefined ? nothing : html`<time class="duration" part="duration" datetime=${isoDuration(durationMs)}>${formatDuration(durationMs, l.lang)}</time>${' · '}`}${`${formatBytes(file.size, l.lang)} · ${l.term('files.sharedBy', { name: nameOf(message.from) })}`}`;
    const media = kind === 'audio' || kind === 'video' ? kind : null;
    const label = l.term(media === 'video' ? 'preview.videoPlayer' : 'preview.audioPlayer', { name });
    let player: unknown = nothing;
    if (media && href && playsInline(file)) player = inlinePlayer(media, href, label, thumbnail);
    const picture = thumbnail ? html`<img class="thumbnail" part="thumbnail" src=${thumbnail} alt="" @click=${this.preview} />` : nothing;
    return html`<div class="card ${removed ? 'removed' : ''}" part="card">
      ${media !== 'video' ? picture : player !== nothing ? player : thumbnail ? html`<span class="poster">${picture}</span>` : nothing}
      <div class="row">
        ${thumbnail
          ? nothing
          : html`<span class="icon" part="icon" data-kind=${fileKindOf(file)} aria-hidden="true">${fileBadge(name)}</span>`}
        <div class="info">
          <span class="name" part="name" dir="auto" title=${name}>${this.markedName ?? name}</span>
          <span class="details" part="details">${details}</span>
        </div>
        ${removed
          ? nothing
          : html`<div class="buttons">
              ${previewable
                ? html`<button type="button" class="button" part="button preview-button" aria-label=${l.term('files.preview', { name })} title=${l.term('files.preview', { name })} @click=${this.preview}>
                    ${icon(PREVIEW)}
                  </button>`
                : nothing}
              ${href
                ? html`<a class="button" part="button download-button" href=${href} download=${name} aria-label=${l.term('files.download', { name })} title=${l.term('files.download', { name })}>
                    ${icon(DOWNLOAD)}
                  </a>`
                : nothing}
              ${this.canDelete
                ? html`<button type="button" class="button" part="button delete-button" aria-label=${l.term('files.delete', { name })} title=${l.term('files.delete', { name })} @click=${this.delete}>
                    ${icon(DELETE)}
                  </button>`
                : nothing}
            </div>`}
      </div>
      ${media === 'audio' ? player : nothing}
    </div>`;
  }
}
