/**
 * The contract between the preview dialog and the previewers. Every previewer module exports
 * `mountPreview(context): PreviewHandle`. Types only: importing this file adds no bytes.
 */

/** The strings a previewer shows; the dialog passes them localized. `{name}` placeholders are filled with `fillString`. */
export interface PreviewStrings {
  /** "Page {page} of {count}" */
  pageOf: string;
  /** "Page {page}" (the accessible name of a page) */
  page: string;
  zoomIn: string;
  zoomOut: string;
  fitWidth: string;
  /** Images: shrink to the window. */
  fitWindow: string;
  actualSize: string;
  /** "Find in document" */
  find: string;
  nextMatch: string;
  previousMatch: string;
  /** "{current} of {count}" */
  matchOf: string;
  noMatches: string;
  /** "Searching…" */
  searching: string;
  /** "{count} rows so far…" */
  rowsSoFar: string;
  /** "{count} rows" */
  rows: string;
  /** "Row" (the header of the row-number column) */
  row: string;
  /** "Malformed row" */
  malformedRow: string;
  /** "Showing the first {shown} of {count} rows. Download the file to see all of them." */
  rowsCapped: string;
  /** "{count} lines so far…" */
  linesSoFar: string;
  /** "{count} lines" */
  lines: string;
  /** "Wrap long lines" */
  wrapLines: string;
  /** "Showing the first {shown} of {count} lines. Download the file to see all of them." */
  linesCapped: string;
  /** "…line cut at {count} characters" */
  lineCut: string;
  /** "This file looks truncated: some pages may be missing." */
  truncatedNotice: string;
  /** "Loading…" */
  loading: string;
  /** The title of the frame a document is shown in: "Document: {name}" */
  documentFrame: string;
  /** The alternative text of an image: "Image: {name}" */
  imageAlt: string;
  /** The accessible name of an audio player: "Audio: {name}" */
  audioPlayer: string;
  /** The accessible name of a video player: "Video: {name}" */
  videoPlayer: string;
  /** "Slide {page} of {count}" */
  slideOf: string;
  /** "{count} slides" */
  slideCount: string;
  /** "Show speaker notes" */
  showNotes: string;
  /** "Hide speaker notes" */
  hideNotes: string;
  /** "Speaker notes" (the heading of a slide's notes) */
  speakerNotes: string;
  /** "No speaker notes" */
  noNotes: string;
  /** "Showing the first {shown} of {count} slides. Download the file to see all of them." */
  slidesCapped: string;
  /** "This slide cannot be shown." */
  slideNotShown: string;
  /** Where a picture a browser cannot show (EMF, WMF) was: "Picture not shown" */
  pictureNotShown: string;
  /** Where a linked picture was (never fetched): "Linked picture, not loaded" */
  linkedPicture: string;
  /** "This is an older PowerPoint file: only the text of its slides is shown." */
  slidesTextOnly: string;
  /** rtf/.doc: "Shown as text only: …" */
  textOnlyNotice: string;
  /** rtf/.doc: "Only the first part of this document is shown. …" */
  documentCutNotice: string;
  /** The accessible name of a workbook's sheet tabs: "Sheets" */
  sheets: string;
  /** The mark on a hidden sheet's tab: "hidden" */
  sheetHidden: string;
  /** "This sheet is empty." */
  sheetEmpty: string;
  /** "{rows} rows × {columns} columns" */
  sheetSize: string;
  /** "Showing the first {shown} of {count} rows (at most {cells} cells). Download the file to see all of them." */
  sheetCapped: string;
  /** "This workbook took too long to read: only the first {shown} rows of its first sheet are shown. Download the file to see all of it." */
  sheetTimedOut: string;
}

/** Why a preview failed; the dialog turns the code into a localized message in a `role="alert"`. */
export type PreviewErrorCode =
  | 'corrupt'
  | 'truncated'
  | 'password'
  /** A Word document that is encrypted or obfuscated. */
  | 'encrypted'
  | 'unsupported'
  | 'too-large'
  | 'zip-bomb'
  | 'timeout'
  | 'network'
  | 'unknown';

export interface PreviewFileInfo {
  name: string;
  /** MIME type as shared (hostile: used only to pick a previewer and an image type). */
  type: string;
  /** Size in bytes as shared (the body may be shorter or longer). */
  size: number;
}

export interface PreviewContext {
  /** The element the previewer renders into; the previewer owns its children until `destroy()`. */
  container: HTMLElement;
  file: PreviewFileInfo;
  /**
   * Opens the file's bytes. The previewer reads `response.body` as a stream where it streams
   * (csv, text) or `arrayBuffer()` where its library needs the whole file (pdf, docx, images).
   * Rejects with a `PreviewError` (`network`) when the download fails.
   */
  open(signal: AbortSignal): Promise<Response>;
  /**
   * A URL the browser loads by itself (the relay's file URL, its token in `?token=`), for media
   * elements: they cannot send an `Authorization` header, and they fetch byte ranges as they play
   * and seek. Empty when the file is only a local blob.
   */
  url: string;
  /** Aborted when the preview closes: every fetch, parse, render and worker stops. */
  signal: AbortSignal;
  strings: PreviewStrings;
  /** BCP 47 language for numbers. */
  lang: string;
  /**
   * The relay's base URL (`http(s)://host[/prefix]`), when known: it serves the package's own
   * workers at `/assets/session-chat/<version>/` for hosts whose bundler did not emit them.
   */
  relay?: string;
  /** Reports an error after `ready` (a page that fails to render, a stream that breaks). */
  onError(error: unknown): void;
}

export interface PreviewHandle {
  /** Resolves when the first content is on screen (first page, first rows, the image); rejects with a `PreviewError`. */
  ready: Promise<void>;
  /** Stops all work and frees memory (object URLs, pdf documents, workers). Safe to call twice. */
  destroy(): void;
}

export type MountPreview = (context: PreviewContext) => PreviewHandle;

export interface PreviewModule {
  mountPreview: MountPreview;
}
