import { ErrorCodes, SessionChatError, type FileLimits, type MediaInfo, type SessionEvent, type ShareIntentFrame } from '../../protocol/index.js';
import { newClientId } from '../client-id.js';
import type { UploadEngine } from './upload-engine.js';
import { UploadHandle, type UploadHost } from './upload-handle.js';

/** Options of `SessionClient.shareFiles()`. */
export interface ShareFilesOptions {
  /**
   * Text typed with the files. The files are one shared item: they are shared in the order
   * given (uploads still run side by side), and the caption travels with the first file (if
   * that one fails or is cancelled, with the next).
   */
  caption?: string;
  /**
   * Makes a small preview for a file (the widget draws one for images): a
   * `data:image/webp|jpeg|png;base64,…` URL, or undefined for none. A thumbnail that is invalid,
   * too large or would not fit in a frame is left out; the file is shared anyway.
   */
  thumbnail?: (file: Blob) => string | undefined | Promise<string | undefined>;
  /**
   * Measures an audio or video file (the widget reads the duration from the browser's player,
   * and a voice message adds `voice: true` and its waveform). Invalid info is left out
   * (`parseMediaInfo`); the file is shared anyway.
   */
  media?: (file: Blob) => MediaInfo | undefined | Promise<MediaInfo | undefined>;
}

export interface FileUploadsContext {
  endpoint(): string;
  token: string;
  chunkSize: number;
  concurrency: number;
  retryDelays: number[];
  limits(): FileLimits & { maxFrameBytes: number };
  precheck(): SessionChatError | undefined;
  /** Sends a share intent through the client's outbox; resolves on ack. */
  sendShare(frame: ShareIntentFrame): Promise<SessionEvent>;
  /** The list of uploads changed (a handle was added, finished or changed state). */
  changed(): void;
}

/** The files of one `shareFiles()` call: shared in the order given, with one caption. */
export interface ShareRequest {
  readonly handles: readonly UploadHandle[];
  readonly caption: string | undefined;
  readonly thumbnail: ShareFilesOptions['thumbnail'];
  readonly media: ShareFilesOptions['media'];
}

/**
 * The client's uploads: the handles still in progress (or failed, waiting for `retry()` or
 * `cancel()`). Handles are made and checked against the limits at once; the machinery that
 * queues, uploads and shares them (`upload-engine.ts`, with tus-js-client) is a module of its
 * own, loaded when the first file is queued, so a browser that never shares never fetches it.
 */
export class FileUploads {
  private readonly ctx: FileUploadsContext;
  private readonly requests = new WeakMap<UploadHandle, ShareRequest>();
  private list: UploadHandle[] = [];
  private readonly host: UploadHost;
  private engine: Promise<UploadEngine> | undefined;
  private loaded: UploadEngine | undefined;

  constructor(ctx: FileUploadsContext) {
    if (!Number.isInteger(ctx.concurrency) || ctx.concurrency < 1) throw new TypeError('uploadConcurrency must be an integer >= 1');
    this.ctx = ctx;
    this.host = {
      limits: () => ctx.limits(),
      precheck: () => ctx.precheck(),
      enqueue: (handle) => this.withEngine(handle, (engine) => engine.enqueue(handle)),
      release: (handle) => this.loaded?.release(handle),
      // Only the engine starts transfers: nothing to stop before it loaded.
      abort: (handle) => this.loaded?.abort(handle),
      changed: (handle) => this.changed(handle),
    };
  }

  /** Handles not yet done or cancelled, in the order they were made. */
  get handles(): readonly UploadHandle[] {
    return this.list;
  }

  start(files: Iterable<Blob> | ArrayLike<Blob>, options: ShareFilesOptions): UploadHandle[] {
    const handles = Array.from(files as ArrayLike<Blob>, (file) => new UploadHandle(file, newClientId(), this.host));
    const caption = options.caption !== undefined && options.caption.trim() !== '' ? options.caption : undefined;
    const request: ShareRequest = { handles, caption, thumbnail: options.thumbnail, media: options.media };
    for (const handle of handles) this.requests.set(handle, request);
    this.list = [...this.list, ...handles];
    this.ctx.changed();
    for (const handle of handles) handle.start();
    return handles;
  }

  /** Cancels everything not yet shared (the client is closing). */
  cancelAll(): void {
    for (const handle of this.list) handle.cancel();
  }

  /** Runs `use` with the engine once loaded (in call order); a handle whose engine cannot load fails. */
  private withEngine(handle: UploadHandle, use: (engine: UploadEngine) => void): void {
    this.engine ??= import('./upload-engine.js').then(
      ({ UploadEngine }) => (this.loaded = new UploadEngine(this.ctx, this.requests)),
      (error: unknown) => {
        this.engine = undefined;
        throw error;
      },
    );
    this.engine.then(use, (error: unknown) => {
      if (handle.state === 'queued') handle.fail(new SessionChatError(ErrorCodes.UPLOAD_FAILED, `the upload could not start: ${String(error)}`));
    });
  }

  private changed(handle: UploadHandle): void {
    if (handle.state === 'done' || handle.state === 'cancelled') {
      this.list = this.list.filter((h) => h !== handle);
    }
    this.ctx.changed();
  }
}
