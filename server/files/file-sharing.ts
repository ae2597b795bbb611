import type { Logger } from 'pino';
import {
  ErrorCodes,
  SessionChatError,
  checkFile,
  type FileLimits,
  type ResolvedShareIntent,
  type ShareIntentFrame,
} from '../../src/protocol/index.js';
import { RelayError, RelayErrorCodes } from '../relay-error.js';
import type { RoomMember, SessionRoom } from '../session-room.js';
import type { BlobStore } from '../storage/blob-store.js';
import type { Uploads } from './uploads.js';

/** What a session room asks of file sharing (the room stays free of storage details). */
export interface RoomFiles {
  /**
   * A share intent whose clientId is new: store the upload, then hand the resolved intent back
   * to `room.intent` (which decides, appends, acks and fans out as for any intent).
   */
  share(room: SessionRoom, member: RoomMember, intent: ShareIntentFrame): void;
  /** The message of a file was deleted and the delete is durable: remove the bytes. */
  removed(room: SessionRoom, fileId: string): void;
}

export interface FileSharingOptions {
  uploads: Uploads;
  blobs: BlobStore;
  limits: FileLimits;
  /** How long a file stored for a share that could not be logged is kept for a retry. */
  keepUnloggedMs: number;
  logger: Logger;
  /** Told when a shared file was removed (its message deleted), after its bytes are asked to go. */
  onRemoved?(fileId: string): void;
}

type StoredFile = ResolvedShareIntent['file'];

/** A share being stored: the intent's sender, and every socket that sent the same clientId meanwhile. */
interface Flight {
  who: string;
  waiters: RoomMember[];
}

/** A file stored for a share whose event was not logged (the room failed meanwhile). */
interface Unlogged {
  file: StoredFile;
  ownerId: string;
  storedAt: number;
}

function uploadKey(sessionId: string, uploadId: string): string {
  return `${sessionId}\u0000${uploadId}`;
}

/**
 * Turns share intents into `file.shared` events. For a new clientId: the upload must exist in
 * this session, belong to the sender, be complete and within the limits; its bytes are then
 * streamed into the blob store (hashed on the way) under a new file id, the partial upload is
 * deleted, and the room decides the resolved intent with the shared rules. Refusals are typed
 * errors naming the clientId. One share per upload at a time; the same clientId sent again
 * meanwhile (a reconnect) waits for the first and gets the same ack.
 */
export class FileSharing implements RoomFiles {
  private readonly options: FileSharingOptions;
  private readonly flights = new Map<string, Flight>();
  private readonly unlogged = new Map<string, Unlogged>();
  /** Shares being stored, so that closing can wait for them. */
  private readonly running = new Set<Promise<void>>();
  private closing = false;

  constructor(options: FileSharingOptions) {
    this.options = options;
  }

  share(room: SessionRoom, member: RoomMember, intent: ShareIntentFrame): void {
    const key = uploadKey(room.sessionId, intent.uploadId);
    const who = `${member.participant.id}\u0000${intent.clientId}`;
    const busy = this.flights.get(key);
    if (busy) {
      if (busy.who === who) busy.waiters.push(member);
      else member.sendError(ErrorCodes.UPLOAD_BUSY, 'the upload is already being shared', intent.clientId);
      return;
    }
    if (room.ended) {
      member.sendError(ErrorCodes.SESSION_ENDED, 'the session has ended', intent.clientId);
      return;
    }
    if (this.closing) {
      member.sendError(ErrorCodes.STORAGE_FAILED, 'the relay is shutting down; share again after reconnecting', intent.clientId);
      return;
    }
    const flight: Flight = { who, waiters: [member] };
    this.flights.set(key, flight);
    const storing = this.store(room.sessionId, member.participant.id, intent).then(
      (file) => {
        this.flights.delete(key);
        this.decide(room, key, flight, { ...intent, file });
      },
      (error: unknown) => {
        this.flights.delete(key);
        let refusal = error instanceof SessionChatError ? error : undefined;
        if (!refusal) {
          this.options.logger.error({ err: error, sessionId: room.sessionId }, 'storing a shared file failed');
          refusal = new SessionChatError(ErrorCodes.STORAGE_FAILED, 'the file could not be stored');
        }
        for (const waiter of flight.waiters) waiter.sendError(refusal.code, refusal.message, intent.clientId);
      },
    );
    this.running.add(storing);
    void storing.finally(() => this.running.delete(storing));
  }

  /** Takes no more shares and resolves once those being stored were handed to their rooms. */
  async close(): Promise<void> {
    this.closing = true;
    await Promise.allSettled([...this.running]);
  }

  removed(room: SessionRoom, fileId: string): void {
    this.options.onRemoved?.(fileId);
    this.options.blobs.delete(fileId).then(
      () => this.options.logger.debug({ sessionId: room.sessionId, fileId }, 'deleted a removed file'),
      (error: unknown) => this.options.logger.error({ err: error, sessionId: room.sessionId, fileId }, 'deleting a removed file failed'),
    );
  }

  /** Deletes files stored for shares that were never logged, older than `keepUnloggedMs`. */
  async sweep(now = Date.now()): Promise<number> {
    let removed = 0;
    for (const [key, entry] of this.unlogged) {
      if (now - entry.storedAt < this.options.keepUnloggedMs) continue;
      this.unlogged.delete(key);
      await this.options.blobs.delete(entry.file.id).catch(() => false);
      removed++;
    }
    return removed;
  }

  private async store(sessionId: string, participantId: string, intent: ShareIntentFrame): Promise<StoredFile> {
    const { uploads, blobs, limits } = this.options;
    const key = uploadKey(sessionId, intent.uploadId);
    const earlier = this.unlogged.get(key);
    if (earlier) {
      if (earlier.ownerId !== participantId) throw new SessionChatError(ErrorCodes.FORBIDDEN, 'the upload belongs to another participant');
      return earlier.file;
    }
    if (!uploads.claim(intent.uploadId)) throw new SessionChatError(ErrorCodes.UPLOAD_BUSY, 'the upload is busy');
    try {
      const info = await uploads.info(intent.uploadId);
      if (!info || info.owner.sessionId !== sessionId) {
        throw new SessionChatError(ErrorCodes.UPLOAD_NOT_FOUND, 'no such upload in this session (expired, cancelled or already shared?)');
      }
      if (info.owner.participantId !== participantId) {
        throw new SessionChatError(ErrorCodes.FORBIDDEN, 'the upload belongs to another participant');
      }
      if (info.offset < info.size) {
        throw new SessionChatError(ErrorCodes.UPLOAD_INCOMPLETE, `the upload has ${info.offset} of ${info.size} bytes`);
      }
      const refusal = checkFile(info, limits);
      if (refusal) throw new SessionChatError(refusal.code, refusal.message);
      const meta = { name: info.name, type: info.type, sessionId, ownerId: participantId };
      // Moved when the store can take a local file (one read pass to hash it), else copied.
      const blob = blobs.adopt ? await blobs.adopt(uploads.pathOf(info.id), meta) : await blobs.put(uploads.read(info.id), meta);
      if (blob.size !== info.size) {
        await blobs.delete(blob.id);
        throw new RelayError(RelayErrorCodes.UPLOAD_SIZE_MISMATCH, `stored ${blob.size} bytes of an upload of ${info.size}`);
      }
      const file: StoredFile = { id: blob.id, name: info.name, size: blob.size, type: info.type };
      this.unlogged.set(key, { file, ownerId: participantId, storedAt: Date.now() });
      await uploads.forget(info.id);
      return file;
    } finally {
      uploads.release(intent.uploadId);
    }
  }

  private decide(room: SessionRoom, key: string, flight: Flight, intent: ResolvedShareIntent): void {
    const [first, ...others] = flight.waiters;
    const event = room.intent(first!, intent);
    // The same clientId sent again meanwhile: the room acks it with the same event.
    for (const other of others) room.intent(other, intent);
    if (event) {
      this.unlogged.delete(key);
      return;
    }
    // The room could not take it (its storage failed): keep the file for the client's retry.
    if (room.broken || room.unloaded) return;
    // Refused by the rules (the session ended meanwhile): nothing refers to the bytes.
    this.unlogged.delete(key);
    this.options.blobs.delete(intent.file.id).catch((error: unknown) => {
      this.options.logger.warn({ err: error, fileId: intent.file.id }, 'deleting a refused file failed');
    });
  }
}
