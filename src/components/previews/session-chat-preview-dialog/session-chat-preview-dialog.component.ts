import { LitElement, html, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { LocalizeController } from '../../shared/localize/localize.js';
import type { TranslationKey } from '../../shared/localize/en.js';
import { themeStyles } from '../../shared/theme.styles.js';
import { previewErrorCode } from '../../../preview/preview-error.js';
import { previewKindOf, type PreviewKind } from '../../../preview/preview-kind.js';
import type { PreviewErrorCode, PreviewHandle, PreviewModule, PreviewStrings } from '../../../preview/preview-types.js';
import { ChatPreviewChangeEvent, ChatPreviewCloseEvent, ChatPreviewDownloadEvent, ChatPreviewErrorEvent, ChatPreviewReadyEvent } from '../../shared/events/chat-preview-dialog.js';
import type { PreviewFile } from '../../shared/preview-file.js';
import { relayBaseOf } from '../../../preview/asset-url.js';
import { sessionChatPreviewDialogStyles } from './session-chat-preview-dialog.styles.js';
// The strings this lazy part shows.
import '../../shared/localize/en-more.js';
import { displayName } from '../../shared/display-name.js';
import { CLOSE, icon } from '../../shared/icons.js';
import { NEXT, PREVIOUS } from '../../shared/icons-lazy.js';

export type { PreviewFile };

/** One lazy module per format: each `import()` becomes its own chunk, fetched on first use. */
const previewers: Record<Exclude<PreviewKind, 'none'>, () => Promise<PreviewModule>> = {
  pdf: () => import('../../../preview/pdf-preview.js'),
  docx: () => import('../../../preview/docx-preview.js'),
  slides: () => import('../../../preview/slides-preview.js'),
  csv: () => import('../../../preview/csv-preview.js'),
  sheet: () => import('../../../preview/sheet-preview.js'),
  text: () => import('../../../preview/text-preview.js'),
  image: () => import('../../../preview/image-preview.js'),
  audio: () => import('../../../preview/media-preview.js'),
  video: () => import('../../../preview/media-preview.js'),
  rtf: () => import('../../../preview/legacy-preview.js'),
  doc: () => import('../../../preview/legacy-preview.js'),
};

const STRING_KEYS = [
  'pageOf', 'page', 'zoomIn', 'zoomOut', 'fitWidth', 'fitWindow', 'actualSize', 'find', 'nextMatch', 'previousMatch', 'matchOf',
  'noMatches', 'searching', 'rowsSoFar', 'rows', 'row', 'malformedRow', 'rowsCapped', 'linesSoFar', 'lines', 'wrapLines',
  'linesCapped', 'lineCut', 'truncatedNotice', 'loading', 'documentFrame', 'imageAlt', 'audioPlayer', 'videoPlayer',
  'slideOf', 'slideCount', 'showNotes', 'hideNotes', 'speakerNotes', 'noNotes', 'slidesCapped', 'slideNotShown', 'pictureNotShown',
  'linkedPicture', 'slidesTextOnly',
  'textOnlyNotice', 'documentCutNotice',
  'sheets', 'sheetHidden', 'sheetEmpty', 'sheetSize', 'sheetCapped', 'sheetTimedOut',
] as const satisfies readonly (keyof PreviewStrings)[];

export type PreviewState = 'closed' | 'loading' | 'ready' | 'error' | 'none';

/**
 * @summary A modal preview of a shared file: docx, pdf, presentations (pptx, odp, ppt), csv/tsv, spreadsheets, text, images, audio and video, rtf and Word 97–2003 (.doc), each shown by
 * a previewer loaded with `import()` only when such a file opens. Title, size, who shared it,
 * Download and Close; Previous file / Next file (and the arrow keys outside text fields) move
 * through `files`. Escape, the Close button and a click outside close it; focus stays inside
 * while open and returns where it was. Closing stops every download, parse, render and worker.
 *
 * @event chat-preview-close - The dialog closed. `detail`: `{ file, index }`.
 * @event chat-preview-download - Download was pressed; `preventDefault()` to download it yourself. `detail`: `{ file, index }`.
 * @event chat-preview-change - Another file is shown. `detail`: `{ file, index }`.
 * @event chat-preview-ready - The preview's first content is on screen. `detail`: `{ file, index, kind, elapsed }`.
 * @event chat-preview-error - The preview failed (its message is shown). `detail`: `{ file, index, code, error }`.
 *
 * @csspart dialog - The `<dialog>`.
 * @csspart header - Title, details and buttons.
 * @csspart title - The file name (the dialog's accessible name).
 * @csspart meta - Size and who shared the file.
 * @csspart previous-button - "Previous file".
 * @csspart next-button - "Next file".
 * @csspart download-button - "Download".
 * @csspart close-button - "Close".
 * @csspart body - Where the preview, the error or the no-preview card is.
 * @csspart error - The error message (`role="alert"`).
 * @csspart card - The card of a file without preview.
 *
 * @cssproperty --session-chat-backdrop-color - The backdrop behind the dialog.
 */
export class SessionChatPreviewDialog extends LitElement {
  static override styles = [themeStyles, sessionChatPreviewDialogStyles];

  private readonly localize = new LocalizeController(this);

  @query('dialog') private dialog!: HTMLDialogElement;
  @query('.container') private container!: HTMLDivElement;

  @state() private opened = false;
  @state() private previewState: PreviewState = 'closed';
  @state() private errorCode: PreviewErrorCode | null = null;
  private handle: PreviewHandle | null = null;
  private abort: AbortController | null = null;
  private shownFile: PreviewFile | null = null;
  private returnFocus: HTMLElement | null = null;

  /** The session's previewable files, in the order Previous/Next walk them. */
  @property({ attribute: false }) files: PreviewFile[] = [];

  /** The file shown (an index into `files`). */
  @property({ type: Number }) index = 0;

  /**
   * Passed to `fetch` for every download (e.g. `{ headers: { Authorization: 'Bearer …' } }`);
   * the URL may carry the token as `?token=` instead.
   */
  @property({ attribute: false }) fetchInit: RequestInit | undefined;

  /** Whether the dialog is open. */
  get isOpen(): boolean {
    return this.opened;
  }

  /** What the body shows: `loading`, `ready`, `error`, `none` (no previewer) or `closed`. */
  get state(): PreviewState {
    return this.previewState;
  }

  /** The file shown, if any. */
  get file(): PreviewFile | undefined {
    return this.files[this.index];
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopPreview();
    this.opened = false;
  }

  protected override willUpdate(): void {
    // Another file is about to be shown: say so at once (the previewer starts after rendering).
    if (this.opened && this.file !== this.shownFile && this.previewState !== 'closed') this.previewState = 'loading';
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (!this.opened) return;
    if (!this.dialog.open) this.dialog.showModal();
    const file = this.file;
    if (file !== this.shownFile && (changed.has('files') || changed.has('index') || changed.has('opened' as keyof SessionChatPreviewDialog))) {
      this.startPreview();
    }
  }

  private startPreview(withRendition = true): void {
    this.stopPreview();
    const file = this.file;
    this.shownFile = file ?? null;
    this.errorCode = null;
    if (!file) {
      this.previewState = 'none';
      return;
    }
    // The relay's PDF first where it offers one; should it fail, the browser's own preview if there is one.
    const rendition = withRendition ? file.rendition : undefined;
    const kind = rendition ? 'pdf' : previewKindOf(file);
    if (kind === 'none') {
      this.previewState = 'none';
      return;
    }
    this.previewState = 'loading';
    const abort = new AbortController();
    this.abort = abort;
    const started = performance.now();
    const index = this.index;
    const fail = (error: unknown) => {
      if (abort.signal.aborted) return;
      if (rendition && previewKindOf(file) !== 'none') return this.startPreview(false);
      const code = previewErrorCode(error);
      this.errorCode = code;
      this.previewState = 'error';
      this.handle?.destroy();
      this.handle = null;
      this.dispatchEvent(new ChatPreviewErrorEvent({ file, index, code, error }));
    };
    previewers[kind]()
      .then((module) => {
        if (abort.signal.aborted) return;
        const handle = module.mountPreview({
          container: this.container,
          file: rendition ? { name: file.name, type: 'application/pdf', size: 0 } : { name: file.name, type: file.type ?? '', size: file.size },
          open: (signal) => this.openSource(file, signal, rendition),
          url: rendition ?? (file.blob ? '' : file.url),
          signal: abort.signal,
          strings: this.previewStrings(),
          lang: this.localize.lang,
          relay: relayBaseOf(file.url),
          onError: fail,
        });
        this.handle = handle;
        return handle.ready.then(() => {
          if (abort.signal.aborted) return;
          this.previewState = 'ready';
          this.dispatchEvent(new ChatPreviewReadyEvent({ file, index, kind, elapsed: performance.now() - started }));
        });
      })
      .catch(fail);
  }

  private stopPreview(): void {
    this.abort?.abort();
    this.abort = null;
    this.handle?.destroy();
    this.handle = null;
    this.shownFile = null;
    this.container?.replaceChildren();
  }

  /** The file's bytes (or its rendition's): the blob when we have it, else a download that `signal` cancels. */
  private async openSource(file: PreviewFile, signal: AbortSignal, rendition?: string): Promise<Response> {
    if (file.blob && !rendition) return new Response(file.blob);
    let response: Response;
    try {
      response = await fetch(rendition ?? file.url, { ...this.fetchInit, signal });
    } catch (error) {
      if (signal.aborted) throw error;
      throw Object.assign(new Error(`the download failed: ${String(error)}`), { name: 'PreviewError', code: 'network' });
    }
    // 422: the relay's converter could not read the document.
    const code = rendition && response.status === 422 ? 'corrupt' : 'network';
    if (!response.ok) throw Object.assign(new Error(`the download failed with HTTP ${response.status}`), { name: 'PreviewError', code });
    return response;
  }

  private previewStrings(): PreviewStrings {
    const strings = {} as PreviewStrings;
    for (const key of STRING_KEYS) strings[key] = this.localize.term(`preview.${key}` as TranslationKey);
    return strings;
  }

  private formatSize(bytes: number): string {
    const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
    let value = bytes;
    let unit = 0;
    while (value >= 1000 && unit < units.length - 1) {
      value /= 1000;
      unit += 1;
    }
    return new Intl.NumberFormat(this.localize.lang, { style: 'unit', unit: units[unit], unitDisplay: unit ? 'short' : 'long', maximumFractionDigits: value < 10 && unit ? 1 : 0 }).format(value);
  }

  private onCancel(event: Event): void {
    // Escape: close through `close()` so the preview stops and the event fires.
    event.preventDefault();
    this.close();
  }

  private onDialogClick(event: MouseEvent): void {
    // The frame fills the dialog, so a click on the dialog itself landed on the backdrop.
    if (event.target === this.dialog) this.close();
  }

  private onKeyDown(event: KeyboardEvent): void {
    if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey || event.isComposing) return;
    const target = event.composedPath()[0];
    if (target instanceof HTMLElement && (isTextField(target) || target.scrollWidth > target.clientWidth + 1)) return;
    event.preventDefault();
    // Right to left, "previous" is on the right: the arrow that points at a button presses it.
    const back = getComputedStyle(this.dialog).direction === 'rtl' ? 'ArrowRight' : 'ArrowLeft';
    if (event.key === back) this.showPrevious();
    else this.showNext();
  }

  private onDownload(): void {
    const file = this.file;
    if (!file) return;
    const event = new ChatPreviewDownloadEvent({ file, index: this.index });
    this.dispatchEvent(event);
    if (event.defaultPrevented) return;
    const link = document.createElement('a');
    const objectUrl = file.blob ? URL.createObjectURL(file.blob) : null;
    link.href = objectUrl ?? file.url;
    link.download = displayName(file.name);
    link.rel = 'noopener';
    link.click();
    if (objectUrl) setTimeout(() => URL.revokeObjectURL(objectUrl), 30_000);
  }

  private go(index: number): void {
    if (index < 0 || index >= this.files.length || index === this.index) return;
    this.index = index;
    if (this.opened) this.previewState = 'loading';
    this.dispatchEvent(new ChatPreviewChangeEvent({ file: this.files[index]!, index }));
  }

  /** Opens the dialog on `files[index]` (the current `index` when omitted). */
  async open(index = this.index): Promise<void> {
    const active = deepActiveElement();
    if (!this.opened) this.returnFocus = active instanceof HTMLElement && !this.shadowRoot?.contains(active) ? active : null;
    this.index = Math.max(0, Math.min(index, this.files.length - 1));
    this.opened = true;
    await this.updateComplete;
  }

  /** Closes the dialog, stops the preview and frees its memory; focus returns where it was. */
  close(): void {
    if (!this.opened) return;
    const file = this.file;
    this.stopPreview();
    this.opened = false;
    this.previewState = 'closed';
    this.errorCode = null;
    if (this.dialog?.open) this.dialog.close();
    const back = this.returnFocus;
    this.returnFocus = null;
    if (back?.isConnected) back.focus();
    this.dispatchEvent(new ChatPreviewCloseEvent(file ? { file, index: this.index } : null));
  }

  /** Shows the previous file, if any. */
  showPrevious(): void {
    this.go(this.index - 1);
  }

  /** Shows the next file, if any. */
  showNext(): void {
    this.go(this.index + 1);
  }

  override render() {
    const l = this.localize;
    const file = this.file;
    const count = this.files.length;
    const kind = file ? (file.rendition ? 'pdf' : previewKindOf(file)) : 'none';
    const meta = file ? [this.formatSize(file.size), file.sharedBy ? l.term('preview.sharedBy', { name: file.sharedBy }) : ''].filter(Boolean).join(' · ') : '';
    return html`
      <dialog part="dialog" aria-labelledby="title" @cancel=${this.onCancel} @click=${this.onDialogClick} @keydown=${this.onKeyDown}>
        ${this.opened
          ? html`<div class="frame">
              <header part="header">
                <div class="heading">
                  <h2 id="title" part="title" title=${displayName(file?.name ?? '')}>${displayName(file?.name ?? '')}</h2>
                  <p class="meta" part="meta">${meta}</p>
                </div>
                <div class="actions">
                  ${count > 1
                    ? html`<button type="button" part="previous-button" aria-label=${l.term('preview.previousFile')} title=${l.term('preview.previousFile')} ?disabled=${this.index <= 0} @click=${this.showPrevious}>${icon(PREVIOUS)}</button>
                        <span class="position">${l.term('preview.position', { index: this.index + 1, count })}</span>
                        <button type="button" part="next-button" aria-label=${l.term('preview.nextFile')} title=${l.term('preview.nextFile')} ?disabled=${this.index >= count - 1} @click=${this.showNext}>${icon(NEXT)}</button>`
                    : null}
                  <button type="button" class="download" part="download-button" ?disabled=${!file} @click=${this.onDownload}>${l.term('preview.download')}</button>
                  <button type="button" part="close-button" aria-label=${l.term('preview.close')} title=${l.term('preview.close')} @click=${this.close}>${icon(CLOSE)}</button>
                </div>
              </header>
              <div class="body" part="body" data-state=${this.previewState} data-kind=${kind}>
                ${this.previewState === 'error'
                  ? html`<p class="alert" part="error" role="alert">${l.term(`preview.error.${this.errorCode ?? 'unknown'}` as TranslationKey)}</p>`
                  : null}
                ${this.previewState === 'none' && file
                  ? html`<div class="card" part="card">
                      <p>${l.term('preview.noPreview')}</p>
                      <p>${l.term('preview.type', { type: file.type || l.term('preview.unknownType') })} · ${this.formatSize(file.size)}</p>
                      <button type="button" class="download" @click=${this.onDownload}>${l.term('preview.download')}</button>
                    </div>`
                  : null}
                <div class="container" ?hidden=${this.previewState === 'error' || this.previewState === 'none'}></div>
              </div>
            </div>`
          : html`<div class="container" hidden></div>`}
      </dialog>
    `;
  }
}

function isTextField(element: HTMLElement): boolean {
  if (element.isContentEditable || element instanceof HTMLTextAreaElement || element instanceof HTMLSelectElement) return true;
  return element instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file'].includes(element.type);
}

function deepActiveElement(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}
