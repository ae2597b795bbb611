import { html, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { SessionClient } from '../../client/index.js';

/** What the controller handles; the work is done by `file-sharing.ts` (with the parts it shows), fetched on first use. */
const EVENTS = ['dragenter', 'dragover', 'dragleave', 'drop', 'chat-share', 'chat-preview', 'chat-uploads-empty', 'chat-announce'];
const load = () => import('./file-sharing.js');

/** What file sharing uses of the composer (`<session-chat-composer>` has it): dropped files go through its `attach`. */
export interface ShareComposer extends HTMLElement {
  readonly value: string;
  attach(files: File[]): void;
}

/** What the controller needs from `<session-chat>`. */
export interface FileSharingHost extends ReactiveControllerHost, HTMLElement {
  readonly client: SessionClient | null;
  readonly renderRoot: HTMLElement | DocumentFragment;
}

/**
 * File sharing for `<session-chat>`: shares what the composer reports (`chat-share`: the
 * picker, a paste) and files dropped anywhere on the widget, with the typed text as caption;
 * shows a drop zone while files are dragged over, the uploads with their progress, and the
 * preview dialog when a file card asks (`chat-preview`); announces drops, shares and refusals,
 * and what other parts ask to be said (`chat-announce`, e.g. the voice recorder).
 * Only the listeners and two tags are in the first load: the work (`file-sharing.ts`) and the
 * parts (`<session-chat-files>`, `<session-chat-uploads>`) load on first use.
 */
export class FileSharingController implements ReactiveController {
  readonly host: FileSharingHost;
  /** The composer: its text becomes the caption of dropped files. */
  readonly composer: () => ShareComposer | null;

  constructor(host: FileSharingHost, composer: () => ShareComposer | null) {
    this.host = host;
    this.composer = composer;
    host.addController(this);
  }

  /** The download URL of a shared file, for the file cards (`''` without a client). */
  readonly fileUrl = (fileId: string): string => this.host.client?.fileUrl(fileId) ?? '';

  /**
   * The URL of the relay's PDF of a file when its converter takes files named so, else undefined
   * (the card offers Preview for it; the dialog prefers it where `prefersRendition` says so).
   */
  readonly renditionUrl = (file: { id: string; name: string }): string | undefined => this.host.client?.renditionUrl(file);

  hostConnected(): void {
    for (const type of EVENTS) this.host.addEventListener(type, this);
  }

  hostDisconnected(): void {
    for (const type of EVENTS) this.host.removeEventListener(type, this);
  }

  hostUpdate(): void {
    // Uploads the host started itself (`client.shareFiles`) show too: the first one loads the parts.
    this.host.client?.addEventListener('uploads', load, { once: true });
  }

  handleEvent(event: Event): void {
    let files: File[] | undefined;
    if (event instanceof DragEvent) {
      const client = this.host.client;
      if (!client || client.state.ended || !event.dataTransfer?.types.includes('Files')) return;
      // Accept the drag now (a drop needs it); the files are readable during the drop only.
      event.preventDefault();
      if (event.type === 'drop') files = [...event.dataTransfer.files];
    } else {
      // Parts report; the root decides. The event stops here.
      event.stopPropagation();
    }
    void load().then(({ handleFileEvent }) => handleFileEvent(this, event, files));
  }

  /** The drop zone, the live region and the preview dialog: render inside the log's positioned box. */
  renderLayer() {
    return html`<session-chat-files exportparts="drop-zone, preview-dialog" .client=${this.host.client}></session-chat-files>`;
  }

  /** The uploads: render above the composer. */
  renderUploads() {
    return html`<session-chat-uploads part="uploads" exportparts="upload, progress-bar, upload-button, send-direct-button" .client=${this.host.client}></session-chat-uploads>`;
  }
}
