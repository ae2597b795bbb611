import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { SessionClient } from '../../client/index.js';
import type { ChatPreviewEvent } from '../events/chat-preview.js';
import type { ChatShareEvent } from '../events/chat-share.js';
import { LocalizeController } from '../localize/localize.js';
import type { SessionChatComposer } from '../session-chat-composer/session-chat-composer.component.js';
import type { PreviewFile, SessionChatPreviewDialog } from '../session-chat-preview-dialog/session-chat-preview-dialog.component.js';

/** Everything but the listeners is fetched on first use: none of it is in the widget's first load. */
const loadSharing = () => import('../file-sharing.js');
const loadDropZone = () => import('../session-chat-drop-zone/session-chat-drop-zone.js');
const loadUploads = () => import('../session-chat-uploads/session-chat-uploads.js');
const loadPreview = () => import('../file-preview.js');

/** A drag that sent no `dragover` for this long has ended (Escape, or it left without a `dragleave`). */
const DRAG_IDLE_MS = 400;

/** What the controller needs from `<session-chat>`. */
export interface FileSharingHost extends ReactiveControllerHost, HTMLElement {
  readonly client: SessionClient | null;
  readonly renderRoot: HTMLElement | DocumentFragment;
}

/**
 * File sharing for `<session-chat>`: shares what the composer reports (`chat-share`: the
 * picker, a paste) and what is dropped anywhere on the widget, with the typed text as caption;
 * shows the drop zone while files are dragged over, the uploads with their progress, and the
 * preview dialog when a file card asks for it (`chat-preview`). Announces drops, shares and
 * refusals in a polite live region. The parts it renders load on first use.
 */
export class FileSharingController implements ReactiveController {
  private readonly host: FileSharingHost;
  private readonly composer: () => SessionChatComposer | null;
  private readonly localize: LocalizeController;
  private watched: SessionClient | null = null;
  private dragging = false;
  private dragTimer: ReturnType<typeof setTimeout> | undefined;
  /** What the live region says now. */
  private said = '';
  /** The files the preview dialog walks, fixed when it opens (new shares do not restart it). */
  private preview: PreviewFile[] | null = null;

  private readonly listeners: [string, (event: never) => void][] = [
    ['dragenter', (event: DragEvent) => this.onDragOver(event)],
    ['dragover', (event: DragEvent) => this.onDragOver(event)],
    ['dragleave', (event: DragEvent) => this.onDragLeave(event)],
    ['drop', (event: DragEvent) => this.onDrop(event)],
    ['chat-share', (event: ChatShareEvent) => this.onShare(event)],
    ['chat-preview', (event: ChatPreviewEvent) => void this.onPreview(event)],
  ];

  private readonly onUploads = (): void => {
    const client = this.host.client;
    // The last upload went (done or cancelled) while its buttons had the focus: keep it in the widget.
    if (client?.uploads.length === 0 && this.host.renderRoot.querySelector('session-chat-uploads')?.matches(':focus-within')) {
      this.composer()?.focus();
    }
    this.host.requestUpdate();
  };

  constructor(host: FileSharingHost, composer: () => SessionChatComposer | null) {
    this.host = host;
    this.composer = composer;
    this.localize = new LocalizeController(host);
    host.addController(this);
  }

  hostConnected(): void {
    for (const [type, listener] of this.listeners) this.host.addEventListener(type, listener as EventListener);
  }

  hostDisconnected(): void {
    for (const [type, listener] of this.listeners) this.host.removeEventListener(type, listener as EventListener);
    this.watch(null);
    this.setDragging(false);
  }

  hostUpdate(): void {
    this.watch(this.host.client);
  }

  /** Re-renders the host when the client's uploads change. */
  private watch(client: SessionClient | null): void {
    if (client === this.watched) return;
    this.watched?.removeEventListener('uploads', this.onUploads);
    this.watched = client;
    client?.addEventListener('uploads', this.onUploads);
  }

  /** The download URL of a shared file (for the file cards), `''` without a client. */
  readonly fileUrl = (fileId: string): string => this.host.client?.fileUrl(fileId) ?? '';

  /** Says `text` in the live region (a repeat differs by a trailing space, so it is said again). */
  say(text: string): void {
    if (!text) return;
    this.said = text === this.said.trim() && !this.said.endsWith(' ') ? `${text} ` : text;
    this.host.requestUpdate();
  }

  /* ------------------------------------------------------------------ drag and drop */

  /** Files dragged over a widget that can share them now. */
  private accepts(event: DragEvent): boolean {
    const client = this.host.client;
    return !!client && !client.state.ended && client.connectionState !== 'closed' && !!event.dataTransfer?.types.includes('Files');
  }

  private onDragOver(event: DragEvent): void {
    if (!this.accepts(event)) return;
    event.preventDefault();
    event.dataTransfer!.dropEffect = 'copy';
    clearTimeout(this.dragTimer);
    this.dragTimer = setTimeout(() => this.setDragging(false), DRAG_IDLE_MS);
    if (this.dragging) return;
    void loadDropZone();
    this.setDragging(true);
    this.say(this.localize.term('files.dropHint'));
  }

  private onDragLeave(event: DragEvent): void {
    if (!this.dragging) return;
    // Leaving an inner element enters another: only leaving the widget's box ends the drag.
    const box = this.host.getBoundingClientRect();
    const { clientX: x, clientY: y } = event;
    if (x <= box.left || x >= box.right || y <= box.top || y >= box.bottom) this.setDragging(false);
  }

  private onDrop(event: DragEvent): void {
    if (!this.accepts(event)) return;
    event.preventDefault();
    this.setDragging(false);
    this.composer()?.attach([...event.dataTransfer!.files]);
  }

  private setDragging(dragging: boolean): void {
    if (!dragging) clearTimeout(this.dragTimer);
    if (this.dragging === dragging) return;
    this.dragging = dragging;
    this.host.requestUpdate();
  }

  /* ------------------------------------------------------------------ sharing and previews */

  private onShare(event: ChatShareEvent): void {
    // The composer reports; the root decides. The event stops here.
    event.stopPropagation();
    const client = this.host.client;
    if (!client || client.connectionState === 'closed') {
      event.preventDefault();
      return;
    }
    const { files, caption } = event.detail;
    loadSharing().then(
      ({ shareFiles }) => shareFiles(client, files, caption, this.localize, (text) => this.say(text)),
      () => this.say(this.localize.term('files.failed', { name: files.map((f) => f.name).join(', ') })),
    );
  }

  private async onPreview(event: ChatPreviewEvent): Promise<void> {
    event.stopPropagation();
    const client = this.host.client;
    const id = event.detail.message.file?.id;
    if (!client || !id) return;
    const { previewFiles } = await loadPreview();
    const files = previewFiles(client, this.localize.term('unknownParticipant'));
    const index = files.findIndex((file) => file.id === id);
    if (index < 0) return;
    this.preview = files;
    this.host.requestUpdate();
    await this.host.updateComplete;
    // The dialog remembers the focused element (the card's button) and gives the focus back on close.
    await this.host.renderRoot.querySelector<SessionChatPreviewDialog>('session-chat-preview-dialog')?.open(index);
  }

  /* ------------------------------------------------------------------ render */

  /** The drop zone over the log while files are dragged, and the live region. Render inside the log's positioned box. */
  renderOverlay() {
    return html`${this.dragging ? html`<session-chat-drop-zone part="drop-zone"></session-chat-drop-zone>` : nothing}<div
        class="visually-hidden"
        role="status"
      >${this.said}</div>`;
  }

  /** The uploads (above the composer) and the preview dialog once used. */
  renderPanel() {
    const uploads = this.host.client?.uploads ?? [];
    if (uploads.length) void loadUploads();
    return html`${uploads.length
      ? html`<session-chat-uploads part="uploads" exportparts="upload, progress-bar, upload-button"
          .uploads=${uploads}
          .maxFileBytes=${this.host.client!.limits.maxFileBytes}></session-chat-uploads>`
      : nothing}${this.preview
      ? html`<session-chat-preview-dialog part="preview" exportparts="dialog: preview-dialog" .files=${this.preview}></session-chat-preview-dialog>`
      : nothing}`;
  }
}
