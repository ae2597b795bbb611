import type { PreviewErrorCode } from '../../../preview/preview-types.js';
import type { PreviewKind } from '../../../preview/preview-kind.js';
import type { PreviewFile } from './preview-file.js';

export interface PreviewFileEventDetail {
  file: PreviewFile;
  index: number;
}

/** The dialog closed (Escape, the Close button, a click outside, or `close()`). */
export class PreviewCloseEvent extends CustomEvent<PreviewFileEventDetail | null> {
  constructor(detail: PreviewFileEventDetail | null) {
    super('preview-close', { bubbles: true, composed: true, detail });
  }
}

/**
 * The user asked to download the file. Unless a listener calls `preventDefault()`, the dialog
 * downloads `file.url` with a link (`<a download>`): a host whose downloads need a header
 * (not a `?token=` query) handles the event and fetches the file itself.
 */
export class PreviewDownloadEvent extends CustomEvent<PreviewFileEventDetail> {
  constructor(detail: PreviewFileEventDetail) {
    super('preview-download', { bubbles: true, composed: true, cancelable: true, detail });
  }
}

/** Another file is shown (Previous / Next file, arrow keys, or `index` set while open). */
export class PreviewChangeEvent extends CustomEvent<PreviewFileEventDetail> {
  constructor(detail: PreviewFileEventDetail) {
    super('preview-change', { bubbles: true, composed: true, detail });
  }
}

export interface PreviewReadyEventDetail extends PreviewFileEventDetail {
  kind: PreviewKind;
  /** Milliseconds from the start of this preview to its first content on screen. */
  elapsed: number;
}

/** The preview shows its first content (first page, first rows, the image, the document). */
export class PreviewReadyEvent extends CustomEvent<PreviewReadyEventDetail> {
  constructor(detail: PreviewReadyEventDetail) {
    super('preview-ready', { bubbles: true, composed: true, detail });
  }
}

export interface PreviewErrorEventDetail extends PreviewFileEventDetail {
  code: PreviewErrorCode;
  error: unknown;
}

/** The preview failed; the dialog shows the message in a `role="alert"`. */
export class PreviewErrorEvent extends CustomEvent<PreviewErrorEventDetail> {
  constructor(detail: PreviewErrorEventDetail) {
    super('preview-error', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'preview-close': PreviewCloseEvent;
    'preview-download': PreviewDownloadEvent;
    'preview-change': PreviewChangeEvent;
    'preview-ready': PreviewReadyEvent;
    'preview-error': PreviewErrorEvent;
  }
}
