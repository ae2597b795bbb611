/** A file the preview dialog can show: what `<session-chat>` knows of a shared file. */
export interface PreviewFile {
  /** The file id the relay gave it. */
  id: string;
  /** The name it was shared with (shown, never trusted for anything else). */
  name: string;
  /** Size in bytes as shared. */
  size: number;
  /** MIME type as shared. */
  type: string;
  /** Display name of who shared it. */
  sharedBy?: string;
  /** Where the bytes are downloaded from (the relay's file URL, with `?token=` or with `fetchInit` headers). */
  url: string;
  /** A PDF of it made by the relay's converter, shown instead (with the pdf previewer) when set. */
  rendition?: string;
  /** The bytes, when already here (the sender's own upload): no download then. */
  blob?: Blob;
}
