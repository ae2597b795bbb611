import { join } from 'node:path';
import type { Logger } from 'pino';
import type { FileLimits } from '../../src/protocol/index.js';
import type { RelayRoute } from '../http-routes.js';
import type { OriginPolicy } from '../origin.js';
import type { RelayMeter } from '../relay-meter.js';
import type { SessionRoom } from '../session-room.js';
import type { BlobStore } from '../storage/blob-store.js';
import { FileBlobStore } from '../storage/file-blob-store.js';
import { createDownloadRoute } from './download-route.js';
import { fileLimitsOf, type ResolvedFileOptions } from './file-options.js';
import { FileSharing, type RoomFiles } from './file-sharing.js';
import { UploadSweeper, type SweepResult } from './upload-sweeper.js';
import { createUploadRoute } from './upload-route.js';
import { createRenditionRoute } from './rendition-route.js';
import { Renditions } from './renditions.js';
import { libreOfficeAvailable } from './libreoffice.js';
import { Uploads } from './uploads.js';

export interface RelayFilesOptions extends ResolvedFileOptions {
  dataDir: string;
  fsync: boolean;
  secret: string;
  originPolicy: OriginPolicy;
  logger: Logger;
  /** The loaded room of a session (loading it when needed). */
  room(sessionId: string): Promise<SessionRoom>;
  /** True once the relay drains: uploads are refused. */
  isDraining?(): boolean;
  /** The relay's metrics. */
  meter?: RelayMeter;
}

/** File sharing as the relay wires it: limits for the welcome, HTTP routes, the rooms' hooks. */
export interface RelayFiles {
  /** `maxFileBytes` and the type lists, for the welcome's `limits`. */
  limits: FileLimits;
  /** Upload (tus) and download routes, for the relay's HTTP handler. */
  routes: RelayRoute[];
  /** For the rooms: share intents and deleted files. */
  rooms: RoomFiles;
  blobs: BlobStore;
  /** SHA-256 of shared files by id (the transcript's `fileChecksums`). */
  checksums(fileIds: readonly string[]): Promise<Record<string, string>>;
  /** Deletes abandoned uploads now (it also runs periodically). */
  sweep(): Promise<SweepResult>;
  /** Stops the periodic sweep and waits for shares being stored (call before the rooms drain). */
  close(): Promise<void>;
}

/**
 * Wires file sharing into a relay: partial uploads in `${dataDir}/uploads` (tus), shared
 * files in the blob store (default `${dataDir}/blobs`), the upload and download routes on the
 * relay's own port, and the sweep of abandoned uploads.
 */
export function createRelayFiles(options: RelayFilesOptions): RelayFiles {
  const limits = fileLimitsOf(options);
  const fileStore = options.blobStore ? undefined : new FileBlobStore({ dir: join(options.dataDir, 'blobs'), fsync: options.fsync });
  const blobs: BlobStore = options.blobStore ?? fileStore!;
  const uploads = new Uploads({ dir: join(options.dataDir, 'uploads'), maxFileBytes: options.maxFileBytes, originPolicy: options.originPolicy });
  const converter = options.converter;
  if (converter.kind === 'libreoffice' && !libreOfficeAvailable(converter.program)) {
    throw new TypeError(`The "converter" option is "libreoffice" but "${converter.program} --version" did not run: install LibreOffice or set SESSION_CHAT_SOFFICE`);
  }
  const renditions =
    converter.kind === 'libreoffice'
      ? new Renditions({ ...converter, dir: join(options.dataDir, 'renditions'), blobs, logger: options.logger })
      : undefined;
  const sharing = new FileSharing({
    uploads,
    blobs,
    limits,
    keepUnloggedMs: options.uploadExpiryMs,
    logger: options.logger,
    onRemoved: (fileId) => void renditions?.delete(fileId).catch(() => undefined),
  });
  const sweeper = new UploadSweeper({
    uploads,
    sharing,
    sweepTemporary: fileStore ? (olderThanMs) => fileStore.sweepTemporary(olderThanMs) : undefined,
    expiryMs: options.uploadExpiryMs,
    logger: options.logger,
  });
  sweeper.start();
  const { secret, originPolicy, logger } = options;
  return {
    limits,
    routes: [
      createUploadRoute({
        secret,
        originPolicy,
        uploads,
        limits,
        sessionEnded: async (id) => (await options.room(id)).ended,
        isDraining: options.isDraining,
        meter: options.meter,
      }),
      createDownloadRoute({ secret, originPolicy, blobs, session: (id) => options.room(id), logger }),
      createRenditionRoute({ secret, originPolicy, blobs, session: (id) => options.room(id), renditions, logger }),
    ],
    rooms: sharing,
    blobs,
    checksums: (ids) => blobs.checksums(ids),
    sweep: () => sweeper.sweep(),
    close: async () => {
      sweeper.stop();
      await sharing.close();
    },
  };
}
