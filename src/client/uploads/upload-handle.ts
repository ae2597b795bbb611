import {
  ErrorCodes,
  SessionChatError,
  checkFile,
  sanitizeFileName,
  sanitizeFileType,
  type FileLimits,
  type FileSharedEvent,
} from '../../protocol/index.js';
import { loadTusTransfer } from './tus-loader.js';
import type { Transfer } from './tus-transfer.js';

/** The life of one file: waits for a slot, uploads, is shared, then done (or failed / cancelled). */
export type UploadState = 'queued' | 'uploading' | 'sharing' | 'done' | 'failed' | 'cancelled';

export interface UploadProgressDetail {
  bytesSent: number;
  bytesTotal: number;
  /** Bytes per second over the last few seconds; 0 when not uploading. */
  speed: number;
}

export interface UploadStateDetail {
  state: UploadState;
  previous: UploadState;
  /** Why it failed (with `state: 'failed'`) or `UPLOAD_CANCELLED`. */
  error: SessionChatError | null;
}

/** Typed events of {@link UploadHandle}. */
export interface UploadHandleEventMap {
  progress: CustomEvent<UploadProgressDetail>;
  statechange: CustomEvent<UploadStateDetail>;
}

/** What a handle needs from its client (kept apart so the handle stays testable). */
export interface UploadHost {
  /** `…/api/sessions/:id/uploads` */
  readonly endpoint: string;
  readonly token: string;
  readonly chunkSize: number;
  readonly retryDelays: number[];
  limits(): FileLimits;
  /** Refusal before uploading anything (closed client, ended session), or undefined. */
  precheck(): SessionChatError | undefined;
  /** Sends the share intent for a finished upload; resolves with the logged event. */
  share(handle: UploadHandle, uploadId: string): Promise<FileSharedEvent>;
  /** Puts a handle in the queue for an upload slot. */
  enqueue(handle: UploadHandle): void;
  /** The handle no longer needs a slot (uploaded, failed or cancelled). */
  release(handle: UploadHandle): void;
  changed(handle: UploadHandle): void;
}

type Listener<K extends keyof UploadHandleEventMap> = (event: UploadHandleEventMap[K]) => void;

export interface UploadHandle {
  addEventListener<K extends keyof UploadHandleEventMap>(type: K, listener: Listener<K>, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof UploadHandleEventMap>(type: K, listener: Listener<K>, options?: boolean | EventListenerOptions): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | EventListenerOptions): void;
}

const SPEED_WINDOW_MS = 3_000;

interface Deferred {
  promise: Promise<FileSharedEvent>;
  resolve(event: FileSharedEvent): void;
  reject(error: SessionChatError): void;
}

function deferred(): Deferred {
  let resolve!: (event: FileSharedEvent) => void;
  let reject!: (error: SessionChatError) => void;
  const promise = new Promise<FileSharedEvent>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // Nobody has to await `done`: a failure must not become an unhandled rejection.
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

/** Any failure as a typed error (the tus module knows the relay's refusals; it is loaded by then). */
async function typedError(error: unknown): Promise<SessionChatError> {
  if (error instanceof SessionChatError) return error;
  return (await loadTusTransfer()).transferError(error);
}

/**
 * One file being shared: uploaded over tus (resumable; a dropped connection resumes from the
 * relay's offset), then shared with a `share` intent. Fires `progress` and `statechange`.
 * `done` is the promise of the current attempt: it resolves with the `file.shared` event and
 * rejects when the attempt fails (`retry()` starts a new attempt with a new `done`) or is
 * cancelled. Created by `SessionClient.shareFiles()`.
 */
export class UploadHandle extends EventTarget {
  /** The file as given. */
  readonly file: Blob;
  /** Local id; also the share intent's clientId (so a retried share is idempotent). */
  readonly id: string;
  /** Sanitized name and type, as the relay will store them. */
  readonly name: string;
  readonly type: string;
  state: UploadState = 'queued';
  bytesSent = 0;
  readonly bytesTotal: number;
  /** Bytes per second over the last few seconds. */
  speed = 0;
  error: SessionChatError | null = null;
  /** The logged event once shared. */
  event: FileSharedEvent | null = null;

  private readonly host: UploadHost;
  private attempt: Deferred = deferred();
  /** The transfer in flight, if any. */
  private transfer: Transfer | null = null;
  /** The relay's URL for this upload, once created: a retry resumes it. */
  private uploadUrl: string | null = null;
  /** Set once every byte is on the relay: a retry after a failed share only shares again. */
  private uploadedId: string | null = null;
  private samples: { at: number; bytes: number }[] = [];

  constructor(file: Blob, id: string, host: UploadHost) {
    super();
    this.file = file;
    this.id = id;
    this.host = host;
    this.name = sanitizeFileName(typeof (file as File).name === 'string' ? (file as File).name : '');
    this.type = sanitizeFileType(file.type);
    this.bytesTotal = file.size;
  }

  /** Resolves with the `file.shared` event of the current attempt. */
  get done(): Promise<FileSharedEvent> {
    return this.attempt.promise;
  }

  /**
   * Checks the limits at once (a file that is too large or of a refused type fails before any
   * byte is sent) and queues the upload.
   */
  start(): void {
    const refusal = this.refusal();
    if (refusal) {
      this.fail(refusal);
      return;
    }
    this.host.enqueue(this);
  }

  /** Stops and forgets the upload (its partial bytes on the relay are deleted). Too late once sharing. */
  cancel(): void {
    if (this.state === 'sharing' || this.state === 'done' || this.state === 'cancelled') return;
    const transfer = this.transfer;
    this.transfer = null;
    const url = this.uploadUrl;
    this.uploadUrl = null;
    this.uploadedId = null;
    if (transfer) transfer.abort(true);
    else if (url) void this.terminate(url);
    this.host.release(this);
    const error = new SessionChatError(ErrorCodes.UPLOAD_CANCELLED, 'the upload was cancelled', { clientId: this.id });
    this.error = error;
    this.setState('cancelled');
    this.attempt.reject(error);
  }

  /** Starts a new attempt after a failure: the upload resumes where the relay has it, or the share is sent again. */
  retry(): Promise<FileSharedEvent> {
    if (this.state !== 'failed') return this.attempt.promise;
    this.attempt = deferred();
    this.error = null;
    const refusal = this.refusal();
    if (refusal) {
      this.fail(refusal);
      return this.attempt.promise;
    }
    this.setState('queued');
    this.host.enqueue(this);
    return this.attempt.promise;
  }

  /** Called by the queue when a slot is free: uploads (or resumes), then shares. */
  async run(): Promise<void> {
    if (this.state !== 'queued') {
      this.host.release(this);
      return;
    }
    this.setState('uploading');
    let uploadId: string;
    try {
      uploadId = this.uploadedId ?? (await this.send());
      this.uploadedId = uploadId;
    } catch (error) {
      this.transfer = null;
      this.host.release(this);
      if (this.current() === 'uploading') this.fail(await typedError(error));
      return;
    }
    this.transfer = null;
    if (this.current() !== 'uploading') {
      this.host.release(this);
      return;
    }
    this.speed = 0;
    this.setState('sharing');
    this.host.release(this);
    try {
      const event = await this.host.share(this, uploadId);
      this.event = event;
      this.setState('done');
      this.attempt.resolve(event);
    } catch (error) {
      const refusal = await typedError(error);
      // The relay no longer has the bytes (expired, or stored and lost): the next attempt uploads again.
      if (refusal.code === ErrorCodes.UPLOAD_NOT_FOUND) {
        this.uploadUrl = null;
        this.uploadedId = null;
        this.bytesSent = 0;
      }
      this.fail(refusal);
    }
  }

  /** Uploads (or resumes) the bytes over tus; resolves with the relay's upload id. */
  private async send(): Promise<string> {
    const { startTransfer } = await loadTusTransfer();
    if (this.current() !== 'uploading') throw new SessionChatError(ErrorCodes.UPLOAD_CANCELLED, 'cancelled');
    const transfer = startTransfer(this.file, {
      endpoint: this.host.endpoint,
      uploadUrl: this.uploadUrl,
      token: this.host.token,
      chunkSize: this.host.chunkSize,
      retryDelays: this.host.retryDelays,
      name: this.name,
      type: this.type,
      onUrl: (url) => {
        this.uploadUrl = url;
      },
      onProgress: (bytesSent) => this.progress(bytesSent),
    });
    this.transfer = transfer;
    return transfer.done;
  }

  /** The state now (read through a method: it changes across awaits). */
  private current(): UploadState {
    return this.state;
  }

  private refusal(): SessionChatError | undefined {
    const early = this.host.precheck();
    if (early) return new SessionChatError(early.code, early.message, { clientId: this.id });
    const refusal = checkFile({ size: this.bytesTotal, type: this.type }, this.host.limits());
    return refusal ? new SessionChatError(refusal.code, refusal.message, { clientId: this.id }) : undefined;
  }

  private async terminate(url: string): Promise<void> {
    try {
      const { terminateUpload } = await loadTusTransfer();
      await terminateUpload(url, this.host.token);
    } catch {
      /* the relay's sweep removes it later */
    }
  }

  private progress(bytesSent: number): void {
    const now = Date.now();
    this.bytesSent = bytesSent;
    this.samples.push({ at: now, bytes: bytesSent });
    while (this.samples.length > 2 && now - this.samples[0]!.at > SPEED_WINDOW_MS) this.samples.shift();
    const first = this.samples[0]!;
    const elapsed = (now - first.at) / 1000;
    this.speed = elapsed > 0 ? Math.max(0, (bytesSent - first.bytes) / elapsed) : 0;
    this.dispatchEvent(new CustomEvent('progress', { detail: { bytesSent, bytesTotal: this.bytesTotal, speed: this.speed } }));
  }

  private fail(error: SessionChatError): void {
    this.error = error.clientId === this.id ? error : new SessionChatError(error.code, error.message, { clientId: this.id });
    this.speed = 0;
    this.setState('failed');
    this.attempt.reject(this.error);
  }

  private setState(state: UploadState): void {
    const previous = this.state;
    if (previous === state) return;
    this.state = state;
    this.samples = [];
    this.dispatchEvent(new CustomEvent('statechange', { detail: { state, previous, error: this.error } }));
    this.host.changed(this);
  }
}
