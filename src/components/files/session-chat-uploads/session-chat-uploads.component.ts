import { LitElement, html, nothing } from 'lit';
import { ChatUploadsEmptyEvent } from '../../shared/events/chat-uploads-empty.js';
import { ChatSendDirectEvent } from '../../shared/events/chat-send-direct.js';
import { property } from 'lit/decorators.js';
import { styleMap } from 'lit/directives/style-map.js';
import type { SessionClient, UploadHandle } from '../../../client/index.js';
import { ErrorCodes } from '../../../protocol/index.js';
import { formatBytes } from '../../shared/file-size.js';
import { LocalizeController } from '../../shared/localize/localize.js';
import { themeStyles } from '../../shared/theme.styles.js';
import { mayRetry, uploadFailure } from './upload-failure.js';
import { sessionChatUploadsStyles } from './session-chat-uploads.styles.js';
// The strings this lazy part shows.
import '../../shared/localize/en-more.js';
import { displayName } from '../../shared/display-name.js';
import { CLOSE, icon } from '../../shared/icons.js';
import { RETRY } from '../../shared/icons-lazy.js';

/**
 * @summary The files this participant is sharing (`client.uploads`): per file its name, a
 * progress bar (`role="progressbar"` named "Uploading NAME"), the percentage and the speed, and
 * "Cancel upload NAME"; a failed one says why, with "Retry upload NAME" when trying again can
 * help and "Dismiss NAME"; one over the size limit offers "Send directly (not stored)" (named
 * "Send directly (not stored): NAME"), which sends it as a live transfer (`chat-send-direct`). Files wait in a queue (the client runs a few at a time). Empty while
 * nothing uploads. Loaded on first use.
 *
 * @event chat-send-direct - "Send directly (not stored)" on a file over the size limit (internal: the live transfer controller sends it).
 * @event chat-uploads-empty - The last row went while it had the focus (internal: `<session-chat>` focuses the message box).
 *
 * @csspart upload - One file (`data-state`: `queued`, `uploading`, `sharing`, `failed`).
 * @csspart progress-bar - Its progress bar.
 * @csspart upload-button - Cancel, Retry, Dismiss and "Send directly (not stored)".
 * @csspart send-direct-button - "Send directly (not stored)" on a file over the size limit.
 */
export class SessionChatUploads extends LitElement {
  static override styles = [themeStyles, sessionChatUploadsStyles];

  private readonly localize = new LocalizeController(this);
  private watchedClient: SessionClient | null = null;
  /** Handles whose events re-render this element. */
  private readonly watched = new Set<UploadHandle>();
  private readonly onChange = (): void => this.requestUpdate();

  /** The client whose uploads are shown. */
  @property({ attribute: false }) client: SessionClient | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    this.watch();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.watchedClient?.removeEventListener('uploads', this.onChange);
    this.watchedClient = null;
    for (const handle of this.watched) this.unwatch(handle);
  }

  protected override willUpdate(): void {
    if (this.isConnected) this.watch();
  }

  private get uploads(): readonly UploadHandle[] {
    return this.client?.uploads ?? [];
  }

  private watch(): void {
    if (this.client !== this.watchedClient) {
      this.watchedClient?.removeEventListener('uploads', this.onChange);
      this.watchedClient = this.client;
      this.client?.addEventListener('uploads', this.onChange);
    }
    const uploads = this.uploads;
    for (const handle of this.watched) if (!uploads.includes(handle)) this.unwatch(handle);
    for (const handle of uploads) {
      if (this.watched.has(handle)) continue;
      this.watched.add(handle);
      handle.addEventListener('progress', this.onChange);
      handle.addEventListener('statechange', this.onChange);
    }
  }

  private unwatch(handle: UploadHandle): void {
    this.watched.delete(handle);
    handle.removeEventListener('progress', this.onChange);
    handle.removeEventListener('statechange', this.onChange);
  }

  /**
   * Runs a button's action; when the file's row goes, the focus moves to the next row's first
   * button; with no row left it fires `chat-uploads-empty` (`<session-chat>` focuses the message box).
   */
  private async settle(handle: UploadHandle, action: () => void): Promise<void> {
    const index = this.uploads.indexOf(handle);
    action();
    await this.updateComplete;
    const rows = this.renderRoot.querySelectorAll('li');
    const next = rows[Math.min(index, rows.length - 1)]?.querySelector('button');
    if (next) next.focus();
    else this.dispatchEvent(new ChatUploadsEmptyEvent());
  }

  /**
   * A file over the relay's size limit goes as a live transfer instead ("Send directly (not
   * stored)": to the people here now, never stored): up to the root as `chat-send-direct`, as
   * the composer's menu item sends it; its failed row goes.
   */
  private sendDirect(handle: UploadHandle): void {
    const file = handle.file instanceof File ? handle.file : new File([handle.file], handle.name, { type: handle.type });
    this.dispatchEvent(new ChatSendDirectEvent([file]));
    handle.cancel();
  }

  private renderUpload(handle: UploadHandle) {
    const l = this.localize;
    const name = displayName(handle.name);
    const failed = handle.state === 'failed';
    const percent = handle.state === 'sharing' ? 100 : Math.floor((handle.bytesSent / (handle.bytesTotal || 1)) * 100);
    const line = failed
      ? html`<span class="error">${uploadFailure(handle, this.client!.limits, l)}</span>`
      : html`<div
            class="bar"
            part="progress-bar"
            role="progressbar"
            aria-label=${l.term('files.uploading', { name })}
            aria-valuemin="0"
            aria-valuemax="100"
            aria-valuenow=${percent}
          ><div class="fill" style=${styleMap({ width: `${percent}%` })}></div></div>
          <span>${new Intl.NumberFormat(l.lang, { style: 'percent' }).format(percent / 100)}</span>
          <span
            >${handle.state === 'queued'
              ? l.term('files.queued')
              : handle.state === 'sharing'
                ? l.term('files.sharing')
                : handle.speed > 0
                  ? l.term('files.speed', { speed: formatBytes(handle.speed, l.lang) })
                  : ''}</span
          >`;
    return html`<li part="upload" data-state=${handle.state}>
      <span class="name" dir="auto" title=${name}>${name}</span>
      <span class="buttons">
        ${handle.error?.code === ErrorCodes.FILE_TOO_LARGE
          ? html`<button type="button" part="upload-button send-direct-button" aria-label=${l.term('files.sendDirect', { name })} @click=${() => void this.settle(handle, () => this.sendDirect(handle))}>${l.term('transfer.sendDirect')}</button>`
          : nothing}
        ${mayRetry(handle)
          ? html`<button type="button" part="upload-button" aria-label=${l.term('files.retry', { name })} title=${l.term('files.retry', { name })} @click=${() => void handle.retry()}>${icon(RETRY)}</button>`
          : nothing}
        ${handle.state === 'sharing'
          ? nothing
          : html`<button
              type="button"
              part="upload-button"
              aria-label=${l.term(failed ? 'files.dismiss' : 'files.cancel', { name })}
              title=${l.term(failed ? 'files.dismiss' : 'files.cancel', { name })}
              @click=${() => void this.settle(handle, () => handle.cancel())}
            >${icon(CLOSE)}</button>`}
      </span>
      <div class="line">${line}</div>
    </li>`;
  }

  override render() {
    const uploads = this.uploads;
    return uploads.length
      ? html`<ul aria-label=${this.localize.term('files.uploads')}>
          ${uploads.map((handle) => this.renderUpload(handle))}
        </ul>`
      : nothing;
  }
}
