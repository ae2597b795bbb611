import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { FileStore } from '@tus/file-store';
import { Server as TusServer } from '@tus/server';
import { ErrorCodes, sanitizeFileName, sanitizeFileType } from '../../src/protocol/index.js';
import { errorBody } from '../auth.js';
import { isOriginAllowed, type OriginPolicy } from '../origin.js';

/** Upload ids: 128 random bits in hex, made by the relay. */
export const UPLOAD_ID = /^[0-9a-f]{32}$/;

/** Who may continue, share or cancel an upload: the participant who created it, in its session. */
export interface UploadOwner {
  sessionId: string;
  participantId: string;
}

/** An upload as the relay knows it (from the tus store's record). */
export interface UploadInfo {
  id: string;
  /** Declared length (the relay refuses uploads without one). */
  size: number;
  /** Bytes received so far. */
  offset: number;
  /** Sanitized name and type, from the tus metadata `filename` / `filetype`. */
  name: string;
  type: string;
  owner: UploadOwner;
}

/** What the upload route decided about a creation request, applied by tus's `onUploadCreate`. */
interface PendingCreation {
  name: string;
  type: string;
  owner: UploadOwner;
}

export interface UploadsOptions {
  /** Folder of partial uploads: `${dataDir}/uploads`. */
  dir: string;
  maxFileBytes: number;
  originPolicy: OriginPolicy;
}

function lastSegment(url: string): string | undefined {
  try {
    const id = new URL(url).pathname.split('/').pop();
    return id !== undefined && UPLOAD_ID.test(id) ? id : undefined;
  } catch {
    return undefined;
  }
}

/**
 * tus answers with a web `Response`, whose string body is typed text/plain: a 413 (whose body
 * `onResponseError` made JSON) is typed as JSON when its head is written (a flat raw header list).
 */
function jsonTypeFor413(res: ServerResponse): void {
  const writeHead = res.writeHead;
  res.writeHead = function (this: ServerResponse, status: number, ...rest: unknown[]) {
    if (status === 413) {
      for (const headers of rest) {
        if (!Array.isArray(headers)) continue;
        for (let i = 0; i + 1 < headers.length; i += 2) {
          if (String(headers[i]).toLowerCase() === 'content-type') headers[i + 1] = 'application/json; charset=utf-8';
        }
      }
    }
    return (writeHead as (...args: unknown[]) => ServerResponse).call(this, status, ...rest);
  } as ServerResponse['writeHead'];
}

/**
 * Resumable uploads: a tus server (`@tus/server`) over a file store (`@tus/file-store`) in
 * `${dataDir}/uploads`, with relay-made ids, the owner recorded in the upload's metadata (set
 * by the relay, never by the client), and a `busy` mark while an upload is being shared.
 * The upload route ({@link createUploadRoute}) authenticates and checks every request first.
 */
export class Uploads {
  readonly dir: string;
  private readonly options: UploadsOptions;
  private readonly creations = new WeakMap<IncomingMessage, PendingCreation>();
  private readonly busy = new Set<string>();
  private made: { store: FileStore; tus: TusServer } | null = null;

  constructor(options: UploadsOptions) {
    this.dir = options.dir;
    this.options = options;
  }

  /** The tus file store (made, with its folder, on first use). */
  get store(): FileStore {
    return this.make().store;
  }

  get tus(): TusServer {
    return this.make().tus;
  }

  private make(): { store: FileStore; tus: TusServer } {
    if (this.made) return this.made;
    const { options } = this;
    const store = new FileStore({ directory: options.dir });
    const policy = options.originPolicy;
    const tus = new TusServer({
      // Only used by tus's defaults, which are all replaced below.
      path: '/api/sessions/uploads',
      datastore: store,
      maxSize: options.maxFileBytes,
      namingFunction: () => randomBytes(16).toString('hex'),
      // Relative to the creation URL `…/sessions/:id/uploads`: works behind any path prefix.
      generateUrl: (_req, { id }) => `uploads/${id}`,
      getFileIdFromRequest: (req) => lastSegment(req.url),
      // Same-origin requests need no CORS headers; other origins must be on the allowlist.
      allowedOrigins: (origin) => isOriginAllowed(policy, origin, undefined),
      // An upload streamed past its declared length (no Content-Length to check first): the
      // relay's JSON refusal instead of tus's text, as for every oversize request.
      onResponseError: (_req, error) =>
        'status_code' in error && error.status_code === 413
          ? { status_code: 413, body: JSON.stringify(errorBody(ErrorCodes.REQUEST_TOO_LARGE, "the body passed the upload's declared length")) }
          : undefined,
      onUploadCreate: async (req, _upload) => {
        const node = (req as { runtime?: { node?: { req?: IncomingMessage } } }).runtime?.node?.req;
        const creation = node ? this.creations.get(node) : undefined;
        if (!creation) throw { status_code: 500, body: 'upload creation was not checked\n' };
        const { name, type, owner } = creation;
        return { metadata: { filename: name, filetype: type, session: owner.sessionId, participant: owner.participantId } };
      },
    });
    this.made = { store, tus };
    return this.made;
  }

  /** Hands a checked creation (POST) to tus; its metadata is replaced by `creation`. */
  async create(req: IncomingMessage, res: ServerResponse, creation: PendingCreation): Promise<void> {
    this.creations.set(req, creation);
    await this.tus.handle(req, res);
  }

  /** Hands a checked HEAD, PATCH, DELETE or an OPTIONS preflight to tus. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    jsonTypeFor413(res);
    return this.tus.handle(req, res);
  }

  /** The upload's record, or `undefined` when there is none (or it is not one of ours). */
  async info(id: string): Promise<UploadInfo | undefined> {
    if (!UPLOAD_ID.test(id)) return undefined;
    let upload;
    try {
      upload = await this.store.getUpload(id);
    } catch {
      return undefined;
    }
    const m = upload.metadata ?? {};
    const { filename, filetype, session, participant } = m;
    if (typeof session !== 'string' || typeof participant !== 'string' || upload.size === undefined) return undefined;
    return {
      id,
      size: upload.size,
      offset: upload.offset,
      // Sanitized again: an upload created by an older relay may hold a name it let through.
      name: sanitizeFileName(filename ?? ''),
      type: sanitizeFileType(filetype),
      owner: { sessionId: session, participantId: participant },
    };
  }

  read(id: string): Readable {
    return this.store.read(id);
  }

  /** Where an upload's bytes are on disk. */
  pathOf(id: string): string {
    if (!UPLOAD_ID.test(id)) throw new TypeError('not an upload id');
    return join(this.dir, id);
  }

  /** Forgets an upload whose bytes were moved away: removes what is left (its record). */
  async forget(id: string): Promise<void> {
    if (!UPLOAD_ID.test(id)) return;
    await rm(join(this.dir, id), { force: true });
    await rm(join(this.dir, `${id}.json`), { force: true });
  }

  /** Marks an upload as being shared: the route refuses PATCH and DELETE on it meanwhile. */
  claim(id: string): boolean {
    if (this.busy.has(id)) return false;
    this.busy.add(id);
    return true;
  }

  release(id: string): void {
    this.busy.delete(id);
  }

  isBusy(id: string): boolean {
    return this.busy.has(id);
  }
}
