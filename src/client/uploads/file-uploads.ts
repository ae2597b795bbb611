import {
  isThumbnailDataUrl,
  type FileLimits,
  type FileSharedEvent,
  type SessionChatError,
  type SessionEvent,
  type ShareIntentFrame,
} from '../../protocol/index.js';
import { newClientId } from '../client-id.js';
import { UploadHandle, type UploadHost } from './upload-handle.js';
import { UploadQueue } from './upload-queue.js';

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

const SETTLED: readonly string[] = ['done', 'failed', 'cancelled'];

/** Resolves once a handle is done, failed or cancelled. */
function settledOf(handle: UploadHandle): Promise<void> {
  return new Promise((resolve) => {
    const check = (): void => {
      if (!SETTLED.includes(handle.state)) return;
      handle.removeEventListener('statechange', check);
      resolve();
    };
    handle.addEventListener('statechange', check);
    check();
  });
}

/**
 * The files picked together: shared in the order given, one caption for all of them, carried
 * by the first file shared.
 */
class ShareGroup {
  private readonly caption: string | undefined;
  private holder: UploadHandle | null = null;
  private delivered = false;
  private order: UploadHandle[] = [];
  private readonly settled = new Map<UploadHandle, Promise<void>>();

  constructor(caption: string | undefined) {
    this.caption = caption !== undefined && caption.trim() !== '' ? caption : undefined;
  }

  add(handles: UploadHandle[]): void {
    this.order = handles;
    for (const handle of handles) this.settled.set(handle, settledOf(handle));
  }

  /** Resolves when every file before this one is shared, failed or cancelled. */
  async turn(handle: UploadHandle): Promise<void> {
    const before = this.order.slice(0, this.order.indexOf(handle));
    await Promise.all(before.map((h) => this.settled.get(h)));
  }

  take(handle: UploadHandle): string | undefined {
    if (this.caption === undefined || this.delivered || (this.holder && this.holder !== handle)) return undefined;
    this.holder = handle;
    return this.caption;
  }

  settle(handle: UploadHandle, shared: boolean): void {
    if (this.holder !== handle) return;
    if (shared) this.delivered = true;
    else this.holder = null;
  }
}

const encoder = new TextEncoder();

/**
 * The client's uploads: a queue with a small concurrency, the handles still in progress (or
 * failed, waiting for `retry()` or `cancel()`), and the share intents that follow each upload.
 */
export class FileUploads {
  private readonly ctx: FileUploadsContext;
  private readonly queue: UploadQueue;
  private readonly groups = new WeakMap<UploadHandle, { group: ShareGroup; thumbnail: ShareFilesOptions['thumbnail'] }>();
  private list: UploadHandle[] = [];
  private readonly host: UploadHost;

  constructor(ctx: FileUploadsContext) {
    this.ctx = ctx;
    this.queue = new UploadQueue(ctx.concurrency);
    const uploads = this;
    this.host = {
      get endpoint() {
        return ctx.endpoint();
      },
      token: ctx.token,
      chunkSize: ctx.chunkSize,
      retryDelays: ctx.retryDelays,
      limits: () => ctx.limits(),
      precheck: () => ctx.precheck(),
      share: (handle, uploadId) => uploads.share(handle, uploadId),
      enqueue: (handle) => this.queue.add(handle),
      release: (handle) => this.queue.release(handle),
      changed: (handle) => uploads.changed(handle),
    };
  }

  /** Handles not yet done or cancelled, in the order they were made. */
  get handles(): readonly UploadHandle[] {
    return this.list;
  }

  start(files: Iterable<Blob> | ArrayLike<Blob>, options: ShareFilesOptions): UploadHandle[] {
    const group = new ShareGroup(options.caption);
    const handles = Array.from(files as ArrayLike<Blob>, (file) => new UploadHandle(file, newClientId(), this.host));
    group.add(handles);
    for (const handle of handles) this.groups.set(handle, { group, thumbnail: options.thumbnail });
    this.list = [...this.list, ...handles];
    this.ctx.changed();
    for (const handle of handles) handle.start();
    return handles;
  }

  /** Cancels everything not yet shared (the client is closing). */
  cancelAll(): void {
    for (const handle of this.list) handle.cancel();
  }

  private async share(handle: UploadHandle, uploadId: string): Promise<FileSharedEvent> {
    const entry = this.groups.get(handle);
    const thumbnail = await this.thumbnailOf(handle, entry?.thumbnail);
    await entry?.group.turn(handle);
    const frame: ShareIntentFrame = { type: 'share', clientId: handle.id, uploadId };
    const caption = entry?.group.take(handle);
    if (caption !== undefined) frame.caption = caption;
    if (thumbnail !== undefined) {
      frame.thumbnail = thumbnail;
      // The share goes in one frame: without the thumbnail when both would not fit.
      if (encoder.encode(JSON.stringify(frame)).length > this.ctx.limits().maxFrameBytes) delete frame.thumbnail;
    }
    try {
      const event = (await this.ctx.sendShare(frame)) as FileSharedEvent;
      entry?.group.settle(handle, true);
      return event;
    } catch (error) {
      entry?.group.settle(handle, false);
      throw error;
    }
  }

  private async thumbnailOf(handle: UploadHandle, make: ShareFilesOptions['thumbnail']): Promise<string | undefined> {
    if (!make) return undefined;
    try {
      const thumbnail = await make(handle.file);
      return isThumbnailDataUrl(thumbnail) ? thumbnail : undefined;
    } catch {
      return undefined;
    }
  }

  private changed(handle: UploadHandle): void {
    if (handle.state === 'done' || handle.state === 'cancelled') {
      this.list = this.list.filter((h) => h !== handle);
    }
    this.ctx.changed();
  }
}
