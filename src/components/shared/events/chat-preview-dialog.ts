import type { PreviewErrorCode } from '../../../preview/preview-types.js';
import type { PreviewKind } from '../../../preview/preview-kind.js';
import type { PreviewFile } from '../preview-file.js';

export interface ChatPreviewFileEventDetail {
  file: PreviewFile;
  index: number;
}

/** The dialog closed (Escape, the Close button, a click outside, or `close()`). */
export class ChatPreviewCloseEvent extends CustomEvent<ChatPreviewFileEventDetail | null> {
  constructor(detail: ChatPreviewFileEventDetail | null) {
    super('chat-preview-close', { bubbles: true, composed: true, detail });
  }
}

/**
 * The user asked to download the file. Unless a listener calls `preventDefault()`, the dialog
 * downloads `file.url` with a link (`<a download>`): a host whose downloads need a header
 * (not a `?token=` query) handles the event and fetches the file itself.
 */
export class ChatPreviewDownloadEvent extends CustomEvent<ChatPreviewFileEventDetail> {
  constructor(detail: ChatPreviewFileEventDetail) {
    super('chat-preview-download', { bubbles: true, composed: true, cancelable: true, detail });
  }
}

/** Another file is shown (Previous / Next file, arrow keys, or `index` set while open). */
export class ChatPreviewChangeEvent extends CustomEvent<ChatPreviewFileEventDetail> {
  constructor(detail: ChatPreviewFileEventDetail) {
    super('chat-preview-change', { bubbles: true, composed: true, detail });
  }
}

export interface ChatPreviewReadyEventDetail extends ChatPreviewFileEventDetail {
  kind: PreviewKind;
  /** Milliseconds from the start of this preview to its first content on screen. */
  elapsed: number;
}

/** The preview shows its first content (first page, first rows, the image, the document). */
export class ChatPreviewReadyEvent extends CustomEvent<ChatPreviewReadyEventDetail> {
  constructor(detail: ChatPreviewReadyEventDetail) {
    super('chat-preview-ready', { bubbles: true, composed: true, detail });
  }
}

export interface ChatPreviewErrorEventDetail extends ChatPreviewFileEventDetail {
  code: PreviewErrorCode;
  error: unknown;
}

/** The preview failed; the dialog shows the message in a `role="alert"`. */
export class ChatPreviewErrorEvent extends CustomEvent<ChatPreviewErrorEventDetail> {
  constructor(detail: ChatPreviewErrorEventDetail) {
    super('chat-preview-error', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'chat-preview-close': ChatPreviewCloseEvent;
    'chat-preview-download': ChatPreviewDownloadEvent;
    'chat-preview-change': ChatPreviewChangeEvent;
    'chat-preview-ready': ChatPreviewReadyEvent;
    'chat-preview-error': ChatPreviewErrorEvent;
  }
}
