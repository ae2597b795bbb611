/**
 * Everything that speaks tus, in one module loaded with `import()` on the first upload (it
 * pulls in tus-js-client): never part of the widget's first load.
 */
import * as tus from 'tus-js-client';
import { ErrorCodes, SessionChatError, errorCodeName, type ErrorCode } from '../../protocol/index.js';

export interface TransferOptions {
  /** `…/api/sessions/:id/uploads` */
  endpoint: string;
  /** The upload to resume (from an earlier attempt), or null to create one. */
  uploadUrl: string | null;
  token: string;
  chunkSize: number;
  retryDelays: number[];
  name: string;
  type: string;
  /** The relay made the upload: its URL, for resuming later. */
  onUrl(url: string): void;
  onProgress(bytesSent: number): void;
}

/** An upload in flight: resolves with the relay's upload id. */
export interface Transfer {
  done: Promise<string>;
  /** Stops it; with `terminate`, the relay deletes what it received. */
  abort(terminate: boolean): void;
}

const UPLOAD_ID = /\/([0-9a-f]{32})$/;

/**
 * A tus file source over a Blob (or File) that hands out chunks as bytes: Node's tus HTTP
 * stack sends Uint8Arrays and streams, not Blobs. One chunk is in memory at a time, so a
 * disk-backed Blob (`fs.openAsBlob`) uploads with flat memory whatever its size.
 */
class BlobBytesSource {
  readonly size: number;
  private readonly blob: Blob;

  constructor(blob: Blob) {
    this.blob = blob;
    this.size = blob.size;
  }

  async slice(start: number, end: number): Promise<{ value: Uint8Array & { size: number }; done: boolean }> {
    const bytes = new Uint8Array(await this.blob.slice(start, end).arrayBuffer());
    // tus-js-client reads a chunk's length from `size` (as on Blobs) and sends it as Content-Length.
    return { value: Object.assign(bytes, { size: bytes.length }), done: end >= this.size };
  }

  close(): void {
    /* nothing held */
  }
}

/** The library's own file reader in browsers (it slices Blobs natively); Blob chunks as bytes under Node. */
function fileReader(): tus.UploadOptions['fileReader'] | undefined {
  if (tus.defaultOptions.httpStack.getName() !== 'NodeHttpStack') return undefined;
  return {
    openFile: (input: unknown) => {
      if (input instanceof Blob) return Promise.resolve(new BlobBytesSource(input));
      return tus.defaultOptions.fileReader.openFile(input, Number.POSITIVE_INFINITY);
    },
  };
}

/** Uploads (or resumes) a file over tus. */
export function startTransfer(file: Blob, options: TransferOptions): Transfer {
  let upload!: tus.Upload;
  let reject!: (error: unknown) => void;
  const done = new Promise<string>((resolve, fail) => {
    reject = fail;
    const reader = fileReader();
    upload = new tus.Upload(file, {
      endpoint: options.endpoint,
      uploadUrl: options.uploadUrl,
      chunkSize: options.chunkSize,
      retryDelays: options.retryDelays,
      metadata: { filename: options.name, filetype: options.type },
      headers: { Authorization: `Bearer ${options.token}` },
      storeFingerprintForResuming: false,
      removeFingerprintOnSuccess: true,
      ...(reader ? { fileReader: reader } : {}),
      onUploadUrlAvailable: () => {
        if (upload.url) options.onUrl(upload.url);
      },
      onProgress: (bytesSent) => options.onProgress(bytesSent),
      onShouldRetry: (error) => {
        const status = error.originalResponse?.getStatus() ?? 0;
        // Network failures and relay hiccups are retried (and resume); refusals are final.
        return status === 0 || status >= 500 || status === 409 || status === 423;
      },
      onSuccess: () => {
        const match = UPLOAD_ID.exec(upload.url ?? '');
        if (match) resolve(match[1]!);
        else fail(new SessionChatError(ErrorCodes.UPLOAD_FAILED, 'the relay gave no upload URL'));
      },
      onError: (error) => fail(error),
    });
    upload.start();
  });
  done.catch(() => undefined);
  return {
    done,
    abort: (terminate) => {
      void upload.abort(terminate).catch(() => undefined);
      // tus stays silent after an abort: settle here.
      reject(new SessionChatError(ErrorCodes.UPLOAD_CANCELLED, 'the upload was stopped'));
    },
  };
}

/** Deletes an upload on the relay (a cancelled one that is not in flight). */
export async function terminateUpload(url: string, token: string): Promise<void> {
  await tus.Upload.terminate(url, { headers: { Authorization: `Bearer ${token}` }, retryDelays: null });
}

/** A typed error from a failed tus request: the relay's JSON refusal when it sent one. */
export function transferError(error: unknown): SessionChatError {
  if (error instanceof SessionChatError) return error;
  const response = (error as { originalResponse?: { getStatus(): number; getBody(): string } | null } | null)?.originalResponse;
  if (response) {
    const status = response.getStatus();
    try {
      const body = JSON.parse(response.getBody()) as { code?: unknown; message?: unknown };
      if (typeof body.code === 'number' && errorCodeName(body.code) && typeof body.message === 'string') {
        return new SessionChatError(body.code as ErrorCode, body.message);
      }
    } catch {
      /* not one of the relay's JSON refusals */
    }
    if (status === 413) return new SessionChatError(ErrorCodes.FILE_TOO_LARGE, 'the relay refused the file as too large');
    if (status === 415) return new SessionChatError(ErrorCodes.FILE_TYPE_REFUSED, 'the relay refused the file type');
    return new SessionChatError(ErrorCodes.UPLOAD_FAILED, `the upload failed (HTTP ${status})`);
  }
  return new SessionChatError(ErrorCodes.UPLOAD_FAILED, `the upload failed: ${error instanceof Error ? error.message : String(error)}`);
}
