/**
 * The uploads' machinery, loaded with `import()` when the first file is queued (with tus-js-client,
 * through `tus-transfer.ts`): the queue, each transfer (resumable over tus), its progress and
 * speed, and the share intents that follow, in the order the files were given, with the
 * caption on the first one shared. Never part of the widget's first load.
 */
import { ErrorCodes, encodeClientFrame, isThumbnailDataUrl, parseMediaInfo, type FileSharedEvent, type MediaInfo, type ShareIntentFrame } from '../../protocol/index.js';
import type { FileUploadsContext, ShareRequest } from './file-uploads.js';
import { startTransfer, terminateUpload, transferError, type Transfer } from './tus-transfer.js';
import type { UploadHandle, UploadState } from './upload-handle.js';
import { UploadQueue } from './upload-queue.js';

const SPEED_WINDOW_MS = 3_000;
const SETTLED: readonly string[] = ['done', 'failed', 'cancelled'];
const encoder = new TextEncoder();

/** A handle's state now (read through a function: it changes across awaits). */
const stateOf = (handle: UploadHandle): UploadState => handle.state;

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
  private readonly order: readonly UploadHandle[];
  private readonly settled = new Map<UploadHandle, Promise<void>>();

  constructor(request: ShareRequest) {
    this.caption = request.caption;
    this.order = request.handles;
    for (const handle of request.handles) this.settled.set(handle, settledOf(handle));
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

/** What the engine keeps of one handle across attempts. */
interface Progress {
  /** The transfer in flight, if any. */
  transfer: Transfer | null;
  /** The relay's URL for this upload, once created: a retry resumes it. */
  uploadUrl: string | null;
  /** Set once every byte is on the relay: a retry after a failed share only shares again. */
  uploadedId: string | null;
  samples: { at: number; bytes: number }[];
}

export class UploadEngine {
  private readonly ctx: FileUploadsContext;
  private readonly requests: WeakMap<UploadHandle, ShareRequest>;
  private readonly queue: UploadQueue;
  private readonly groups = new WeakMap<ShareRequest, ShareGroup>();
  private readonly progress = new WeakMap<UploadHandle, Progress>();

  constructor(ctx: FileUploadsContext, requests: WeakMap<UploadHandle, ShareRequest>) {
    this.ctx = ctx;
    this.requests = requests;
    this.queue = new UploadQueue(ctx.concurrency, (handle) => this.run(handle));
  }

  enqueue(handle: UploadHandle): void {
    this.queue.add(handle);
  }

  release(handle: UploadHandle): void {
    this.queue.release(handle);
  }

  /** Stops the transfer in flight, or deletes what the relay holds of an earlier attempt; forgets both. */
  abort(handle: UploadHandle): void {
    const progress = this.of(handle);
    const { transfer, uploadUrl } = progress;
    progress.transfer = null;
    progress.uploadUrl = null;
    progress.uploadedId = null;
    if (transfer) transfer.abort(true);
    else if (uploadUrl) terminateUpload(uploadUrl, this.ctx.token).catch(() => undefined /* the relay's sweep removes it later */);
  }

  private of(handle: UploadHandle): Progress {
    let progress = this.progress.get(handle);
    if (!progress) this.progress.set(handle, (progress = { transfer: null, uploadUrl: null, uploadedId: null, samples: [] }));
    return progress;
  }

  /** Called by the queue when a slot is free: uploads (or resumes), then shares. */
  private async run(handle: UploadHandle): Promise<void> {
    if (handle.state !== 'queued') {
      this.release(handle);
      return;
    }
    const progress = this.of(handle);
    progress.samples = [];
    handle.setState('uploading');
    let uploadId: string;
    try {
      uploadId = progress.uploadedId ?? (await this.send(handle, progress));
      progress.uploadedId = uploadId;
    } catch (error) {
      progress.transfer = null;
      this.release(handle);
      if (stateOf(handle) === 'uploading') handle.fail(transferError(error));
      return;
    }
    progress.transfer = null;
    if (stateOf(handle) !== 'uploading') {
      this.release(handle);
      return;
    }
    handle.speed = 0;
    handle.setState('sharing');
    this.release(handle);
    try {
      const event = await this.share(handle, uploadId);
      handle.event = event;
      handle.setState('done');
      handle.attempt.resolve(event);
    } catch (error) {
      const refusal = transferError(error);
      // The relay no longer has the bytes (expired, or stored and lost): the next attempt uploads again.
      if (refusal.code === ErrorCodes.UPLOAD_NOT_FOUND) {
        progress.uploadUrl = null;
        progress.uploadedId = null;
        handle.bytesSent = 0;
      }
      handle.fail(refusal);
    }
  }

  /** Uploads (or resumes) the bytes over tus; resolves with the relay's upload id. */
  private send(handle: UploadHandle, progress: Progress): Promise<string> {
    const transfer = startTransfer(handle.file, {
      endpoint: this.ctx.endpoint(),
      uploadUrl: progress.uploadUrl,
      token: this.ctx.token,
      chunkSize: this.ctx.chunkSize,
      retryDelays: this.ctx.retryDelays,
      name: handle.name,
      type: handle.type,
      onUrl: (url) => {
        progress.uploadUrl = url;
      },
      onProgress: (bytesSent) => this.progressed(handle, progress, bytesSent),
    });
    progress.transfer = transfer;
    return transfer.done;
  }

  private progressed(handle: UploadHandle, progress: Progress, bytesSent: number): void {
    const now = Date.now();
    const samples = progress.samples;
    handle.bytesSent = bytesSent;
    samples.push({ at: now, bytes: bytesSent });
    while (samples.length > 2 && now - samples[0]!.at > SPEED_WINDOW_MS) samples.shift();
    const first = samples[0]!;
    const elapsed = (now - first.at) / 1000;
    handle.speed = elapsed > 0 ? Math.max(0, (bytesSent - first.bytes) / elapsed) : 0;
    handle.dispatchEvent(new CustomEvent('progress', { detail: { bytesSent, bytesTotal: handle.bytesTotal, speed: handle.speed } }));
  }

  private async share(handle: UploadHandle, uploadId: string): Promise<FileSharedEvent> {
    const request = this.requests.get(handle);
    let group = request && this.groups.get(request);
    if (request && !group) this.groups.set(request, (group = new ShareGroup(request)));
    const thumbnail = await this.thumbnailOf(handle, request?.thumbnail);
    const media = await this.mediaOf(handle, request?.media);
    await group?.turn(handle);
    const frame: ShareIntentFrame = { type: 'share', clientId: handle.id, uploadId };
    const caption = group?.take(handle);
    if (caption !== undefined) frame.caption = caption;
    if (media !== undefined) frame.media = media;
    if (thumbnail !== undefined) {
      frame.thumbnail = thumbnail;
      // The share goes in one frame: without the thumbnail when both would not fit.
      if (encoder.encode(encodeClientFrame(frame)).length > this.ctx.limits().maxFrameBytes) delete frame.thumbnail;
    }
    try {
      const event = (await this.ctx.sendShare(frame)) as FileSharedEvent;
      group?.settle(handle, true);
      return event;
    } catch (error) {
      group?.settle(handle, false);
      throw error;
    }
  }

  private async mediaOf(handle: UploadHandle, measure: ShareRequest['media']): Promise<MediaInfo | undefined> {
    if (!measure) return undefined;
    try {
      const media = parseMediaInfo(await measure(handle.file));
      return typeof media === 'string' ? undefined : media;
    } catch {
      return undefined;
    }
  }

  private async thumbnailOf(handle: UploadHandle, make: ShareRequest['thumbnail']): Promise<string | undefined> {
    if (!make) return undefined;
    try {
      const thumbnail = await make(handle.file);
      return isThumbnailDataUrl(thumbnail) ? thumbnail : undefined;
    } catch {
      return undefined;
    }
  }
}
