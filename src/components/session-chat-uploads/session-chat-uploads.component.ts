import { LitElement, html, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import { styleMap } from 'lit/directives/style-map.js';
import type { UploadHandle } from '../../client/index.js';
import { DEFAULT_MAX_FILE_BYTES } from '../../protocol/index.js';
import { formatBytes } from '../file-size.js';
import { LocalizeController } from '../localize/localize.js';
import { themeStyles } from '../theme.styles.js';
import { mayRetry, uploadFailure } from './upload-failure.js';
import { sessionChatUploadsStyles } from './session-chat-uploads.styles.js';

/**
 * @summary The files this participant is sharing: per file its name, a progress bar
 * (`role="progressbar"` named "Uploading NAME"), the percentage and the speed, and "Cancel
 * upload NAME"; a failed one says why, with "Retry upload NAME" when trying again can help and
 * "Dismiss NAME". Files wait in a queue (the client runs a few at a time). Loaded on the first
 * upload; `<session-chat>` shows it while `client.uploads` is not empty.
 *
 * @csspart upload - One file (`data-state`: `queued`, `uploading`, `sharing`, `failed`).
 * @csspart progress-bar - Its progress bar.
 * @csspart upload-button - Cancel, Retry and Dismiss.
 */
export class SessionChatUploads extends LitElement {
  static override styles = [themeStyles, sessionChatUploadsStyles];

  private readonly localize = new LocalizeController(this);
  /** Handles whose events re-render this element. */
  private readonly watched = new Set<UploadHandle>();
  private readonly onChange = (): void => this.requestUpdate();

  /** The client's `uploads`: not yet done or cancelled, in order. */
  @property({ attribute: false }) uploads: readonly UploadHandle[] = [];

  /** Used for "larger than the … limit" (the client's `limits.maxFileBytes`). */
  @property({ attribute: false }) maxFileBytes = DEFAULT_MAX_FILE_BYTES;

  override connectedCallback(): void {
    super.connectedCallback();
    this.watch();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const handle of this.watched) this.unwatch(handle);
  }

  protected override willUpdate(): void {
    if (this.isConnected) this.watch();
  }

  private watch(): void {
    for (const handle of this.watched) if (!this.uploads.includes(handle)) this.unwatch(handle);
    for (const handle of this.uploads) {
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

  /** Focus goes to the next file's first button when a file's buttons go away, so it is never lost. */
  private async settle(handle: UploadHandle, action: () => void): Promise<void> {
    const index = this.uploads.indexOf(handle);
    action();
    // The client tells <session-chat>, which passes the new list down: wait for that render.
    await new Promise((resolve) => setTimeout(resolve));
    await this.updateComplete;
    const items = this.renderRoot.querySelectorAll('li');
    items[Math.min(index, items.length - 1)]?.querySelector('button')?.focus();
  }

  private renderUpload(handle: UploadHandle) {
    const l = this.localize;
    const name = handle.name;
    const failed = handle.state === 'failed';
    const percent = handle.state === 'sharing' ? 100 : Math.floor((handle.bytesSent / (handle.bytesTotal || 1)) * 100);
    const line = failed
      ? html`<span class="error">${uploadFailure(handle, { maxFileBytes: this.maxFileBytes }, l)}</span>`
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
            >${handle.state === 'uploading' && handle.speed > 0
              ? l.term('files.speed', { speed: formatBytes(handle.speed, l.lang) })
              : l.term(handle.state === 'queued' ? 'files.queued' : handle.state === 'sharing' ? 'files.sharing' : 'files.starting')}</span
          >`;
    return html`<li part="upload" data-state=${handle.state}>
      <span class="name" title=${name}>${name}</span>
      <span class="buttons">
        ${mayRetry(handle)
          ? html`<button type="button" part="upload-button" aria-label=${l.term('files.retry', { name })} title=${l.term('files.retry', { name })} @click=${() => void handle.retry()}>↻</button>`
          : nothing}
        ${handle.state === 'sharing'
          ? nothing
          : html`<button
              type="button"
              part="upload-button"
              aria-label=${l.term(failed ? 'files.dismiss' : 'files.cancel', { name })}
              title=${l.term(failed ? 'files.dismiss' : 'files.cancel', { name })}
              @click=${() => void this.settle(handle, () => handle.cancel())}
            >✕</button>`}
      </span>
      <div class="line">${line}</div>
    </li>`;
  }

  override render() {
    return html`<ul aria-label=${this.localize.term('files.uploads')}>
      ${this.uploads.map((handle) => this.renderUpload(handle))}
    </ul>`;
  }
}
