import {
  ErrorCodes,
  SessionChatError,
  checkFile,
  sanitizeFileName,
  sanitizeFileType,
  type FileLimits,
  type FileSharedEvent,
} from '../../protocol/index.js';
import type { AddListenerOptions, ListenerArgument, RemoveListenerOptions } from '../event-target-types.js';

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
  limits(): FileLimits;
  /** Refusal before uploading anything (closed client, ended session), or undefined. */
  precheck(): SessionChatError | undefined;
  /** Puts a handle in the queue for an upload slot (the uploads' machinery runs it). */
  enqueue(handle: UploadHandle): void;
  /** The handle no longer needs a slot (uploaded, failed or cancelled). */
  release(handle: UploadHandle): void;
  /** Stops the handle's transfer, or deletes what the relay holds of it (cancelled). */
  abort(handle: UploadHandle): void;
  changed(handle: UploadHandle): void;
}

type Listener<K extends keyof UploadHandleEventMap> = (event: UploadHandleEventMap[K]) => void;

export interface UploadHandle {
  addEventListener<K extends keyof UploadHandleEventMap>(type: K, listener: Listener<K>, options?: AddListenerOptions): void;
  addEventListener(type: string, listener: ListenerArgument, options?: AddListenerOptions): void;
  removeEventListener<K extends keyof UploadHandleEventMap>(type: K, listener: Listener<K>, options?: RemoveListenerOptions): void;
  removeEventListener(type: string, listener: ListenerArgument, options?: RemoveListenerOptions): void;
}

/** @internal */
export interface Deferred {
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
  /** @internal The current attempt (settled by the uploads' machinery, `upload-engine.ts`). */
  attempt: Deferred = deferred();

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
    this.host.abort(this);
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

  private refusal(): SessionChatError | undefined {
    const early = this.host.precheck();
    if (early) return new SessionChatError(early.code, early.message, { clientId: this.id });
    const refusal = checkFile({ size: this.bytesTotal, type: this.type }, this.host.limits());
    return refusal ? new SessionChatError(refusal.code, refusal.message, { clientId: this.id }) : undefined;
  }

  /** @internal Ends the current attempt with `error` (named with this handle's clientId). */
  fail(error: SessionChatError): void {
    this.error = error.clientId === this.id ? error : new SessionChatError(error.code, error.message, { clientId: this.id });
    this.speed = 0;
    this.setState('failed');
    this.attempt.reject(this.error);
  }

  /** @internal */
  setState(state: UploadState): void {
    const previous = this.state;
    if (previous === state) return;
    this.state = state;
    this.dispatchEvent(new CustomEvent('statechange', { detail: { state, previous, error: this.error } }));
    this.host.changed(this);
  }
}
