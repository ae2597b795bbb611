import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { WebSocketServer } from 'ws';
import { CloseCodes, endNoticeOf } from '../src/protocol/index.js';
import { refuseClientError } from './http-response.js';
import { Connection } from './connection.js';
import { createRelayFiles } from './files/relay-files.js';
import { ExpiryClock } from './expiry-clock.js';
import { Heartbeat } from './heartbeat.js';
import { createTransferRelay } from './transfers/transfer-relay.js';
import { createRequestHandler } from './http-routes.js';
import { IdGenerator } from './ids.js';
import { createLogger } from './logger.js';
import { resolveRelayOptions, type RelayOptions } from './options.js';
import { createOriginPolicy } from './origin.js';
import { RoomRegistry } from './room-registry.js';
import type { SessionRoom } from './session-room.js';
import { SendBatcher } from './send-batcher.js';
import { FileEventLog } from './storage/file-event-log.js';
import { FileReceiptStore } from './storage/file-receipt-store.js';
import { createUpgradeHandler } from './upgrade.js';
import { createEmojiRoute } from './emoji-route.js';
import { createAssetsRoute } from './assets-route.js';
import { createEndRoute } from './lifecycle/end-route.js';
import { createInviteRoute } from './invites/invite-route.js';
import { CLOSE_GRACE_MS, drainRelay, settlesBy } from './lifecycle/drain.js';
import { startCluster } from './cluster/relay-cluster.js';
import { createRelayMetrics } from './metrics.js';
import { createMetricsRoute, createReadyRoute } from './ops-routes.js';
import { Readiness } from './readiness.js';
import { OpenSessionMarks } from './lifecycle/open-sessions.js';
import { SessionLifecycle } from './lifecycle/session-lifecycle.js';
import { createTranscriptRoutes } from './transcripts/transcript-routes.js';
import { TranscriptService } from './transcripts/transcript-service.js';
import { BlobTranscriptStore } from './transcripts/transcript-store.js';
import { WebhookSender } from './transcripts/webhook.js';
import { createEarlierRoutes } from './customers/earlier-routes.js';
import { SessionCustomers } from './customers/session-customers.js';
import { FirstBindings } from './storage/first-bindings.js';

/** A running relay. */
export interface Relay {
  /** The node:http server (WebSocket upgrades and HTTP routes). */
  server: Server;
  /** The port it listens on (useful with `port: 0`). */
  port: number;
  /** `http://127.0.0.1:PORT` (or the bound host); sockets are at `ws://…/ws/:sessionId`. */
  url: string;
  /** The relay's own Prometheus registry (what `GET /metrics` serves), e.g. to merge into a host's. */
  metrics: Registry;
  /**
   * The first half of a shutdown, for a rolling restart: `/readyz` answers 503, new sockets and
   * uploads are refused, writes in flight finish and their acks go out, then every socket is
   * closed with 4000 SERVER_SHUTDOWN (clients resume elsewhere). Bounded by
   * `shutdownTimeoutMs`. The relay still answers HTTP (`/healthz`, `/readyz`, `/metrics`,
   * downloads) until `close()`. Idempotent.
   */
  drain(): Promise<void>;
  /**
   * Drains (see `drain()`), then flushes and closes the session logs and stops the server.
   * Idempotent.
   */
  close(): Promise<void>;
}

/**
 * Frames up to `maxFrameBytes` are handled; frames above it and up to this many times it are
 * answered with a FRAME_TOO_LARGE error and the socket stays open; above it `ws` itself
 * closes the socket with 1009 without reading the frame.
 */
export const HARD_FRAME_FACTOR = 2;
/** Scale-out: how often (in lease lifetimes) a process looks for due sessions whose holder died. */
const SWEEP_EVERY_LEASES = 4;

function displayHost(host: string | undefined): string {
  if (host === undefined || host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

/** Starts a relay; resolves once it listens. */
export async function createRelay(options: RelayOptions = {}): Promise<Relay> {
  const resolved = resolveRelayOptions(options);
  const logger = resolved.logger ?? createLogger();
  const originPolicy = createOriginPolicy(resolved.allowedOrigins);
  // Scale-out: the logs in Redis and a lease per session naming the process that holds it.
  const cluster = resolved.redis ? startCluster({ ...resolved, redis: resolved.redis, logger, onLost: (id) => registry.evict(id) }) : undefined;
  const ownsLog = resolved.eventLog === undefined && !cluster;
  const eventLog = cluster?.eventLog ?? resolved.eventLog ?? new FileEventLog({ dataDir: resolved.dataDir, fsync: resolved.fsync, logger });
  const room = (sessionId: string): Promise<SessionRoom> => registry.get(sessionId);
  const readiness = new Readiness(cluster ? [...resolved.readinessChecks, cluster.readiness] : resolved.readinessChecks);
  const connections = new Set<Connection>();
  /** Scale-out: sockets passed on to the process holding their session. */
  const forwarded = { open: 0 };
  const metrics = createRelayMetrics({
    connections: () => connections.size,
    sessions: () => registry.size,
    draining: () => readiness.draining,
    forwarded: () => forwarded.open,
  });
  const meter = metrics.meter;
  const files = createRelayFiles({ ...resolved, logger, originPolicy, room, isDraining: () => readiness.draining, meter });
  const limits = { maxTextLength: resolved.maxTextLength, maxFrameBytes: resolved.maxFrameBytes, ...files.limits };
  let publicUrl = resolved.publicUrl ?? '';
  const transcriptStore = new BlobTranscriptStore(files.blobs, resolved.dataDir, Boolean(cluster));
  const marks = new OpenSessionMarks(resolved.dataDir);
  const customers = new SessionCustomers(resolved.dataDir);
  // The session's language: the first technician's or admin's `lang` claim (see README, "Languages").
  const languages = new FirstBindings(resolved.dataDir, 'languages', 'lang');
  const webhook = resolved.webhookUrl
    ? new WebhookSender({ url: resolved.webhookUrl, secret: resolved.webhookSecret, ...resolved.webhookRetry, timeoutMs: 10_000, logger })
    : undefined;
  const transcripts = new TranscriptService({
    store: transcriptStore,
    marks,
    room,
    webhook,
    publicUrl: () => publicUrl,
    checksums: files.checksums,
    customerOf: (sessionId) => customers.of(sessionId),
    languageOf: async (sessionId) => (await languages.of(sessionId)) ?? resolved.transcriptLanguage,
    logger,
  });
  const lifecycle = new SessionLifecycle({ marks, transcripts, room, idleEndMs: resolved.idleEndMs, logger });
  const receipts = new FileReceiptStore(resolved.dataDir);
  const registry = new RoomRegistry({
    observer: lifecycle,
    receipts,
    files: files.rooms,
    log: eventLog,
    ids: new IdGenerator(),
    policy: { technicianCanDeleteAny: resolved.technicianCanDeleteAny },
    leaveGraceMs: resolved.leaveGraceMs,
    idleUnloadMs: resolved.idleUnloadMs,
    historyEvents: resolved.historyEvents,
    historyPageEvents: resolved.historyPageEvents,
    limits,
    logger,
    meter,
    leases: cluster?.leases,
  });
  const expiry = new ExpiryClock();
  const heartbeat = new Heartbeat(resolved.heartbeatIntervalMs, () => logger.debug('terminated a socket that missed its pong'));
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: resolved.maxFrameBytes * HARD_FRAME_FACTOR,
    // Never negotiated: connections write prepared frames to the socket beside ws (connection.ts, send).
    perMessageDeflate: false,
    clientTracking: false,
  });
  const transfers = resolved.liveTransferRelay ? createTransferRelay(resolved.liveTransferBytesPerSecond, heartbeat) : undefined;
  let draining: Promise<number> | null = null;
  let closing: Promise<void> | null = null;

  const connectionContext = {
    limits: { maxTextLength: resolved.maxTextLength },
    maxFrameBytes: resolved.maxFrameBytes,
    maxBufferedBytes: resolved.maxBufferedBytes,
    rateLimit: resolved.rateLimit,
    heartbeat,
    expiry,
    sendBatcher: new SendBatcher(),
    logger,
    meter,
    onClose: (connection: Connection) => connections.delete(connection),
  };

  const server = createServer(
    createRequestHandler({
      secret: resolved.secret,
      originPolicy,
      logger,
      onRequest: resolved.onRequest,
      sessionEnded: async (sessionId) => endNoticeOf((await room(sessionId)).state),
      meter,
      holderOf: cluster ? (sessionId) => cluster.leases.holderElsewhere(sessionId) : undefined,
      routes: [
        createReadyRoute(readiness),
        createMetricsRoute(metrics.registry, resolved.metricsToken),
        createEndRoute({ secret: resolved.secret, adminApiKey: resolved.adminApiKey, originPolicy, room }),
        ...(resolved.inviteTtlSeconds > 0
          ? [
              createInviteRoute({
                secret: resolved.secret,
                originPolicy,
                logger,
                room,
                customerOf: (sessionId) => customers.of(sessionId),
                ttlSeconds: resolved.inviteTtlSeconds,
                perMinute: resolved.invitesPerMinute,
              }),
            ]
          : []),
        createEarlierRoutes({ secret: resolved.secret, originPolicy, store: transcriptStore, customers, logger }),
        createTranscriptRoutes({ secret: resolved.secret, adminApiKey: resolved.adminApiKey, originPolicy, store: transcriptStore, logger }),
        ...files.routes,
        createEmojiRoute(),
        createAssetsRoute(),
      ],
    }),
  );
  server.on(
    'upgrade',
    createUpgradeHandler({
      secret: resolved.secret,
      originPolicy,
      registry,
      wss,
      logger,
      isClosing: () => readiness.draining,
      meter,
      forwarded,
      rememberClaims: async (sessionId, claims) => {
        if (claims.customer !== undefined) {
          const binding = await customers.bind(sessionId, claims.customer);
          // The first reference stays (see README, "Earlier sessions"); the join goes on.
          if (binding.conflict) logger.warn({ sessionId, participantId: claims.id }, 'a token named another customer than the session\'s; it was ignored');
        }
        if (claims.lang !== undefined && claims.role !== 'customer') await languages.bind(sessionId, claims.lang);
      },
      onConnection: (ws, socket, claims, room) => {
        connections.add(new Connection(ws, socket, claims, room, connectionContext));
      },
      transfers,
    }),
  );
  server.on('clientError', (error: Error & { code?: string }, socket) => {
    logger.debug({ code: error.code }, 'HTTP client error');
    refuseClientError(error, socket);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(resolved.port, resolved.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (error) => logger.error({ err: error }, 'HTTP server error'));
  heartbeat.start();
  const port = (server.address() as AddressInfo).port;
  cluster?.listening(resolved.host, port);
  const url = `http://${displayHost(resolved.host)}:${port}`;
  publicUrl ||= url;
  // Finish what a stopped relay left: transcripts of sessions that ended, idle ends of open ones.
  await lifecycle.recover();
  // Scale-out: sessions whose holder died with an idle end or a transcript pending are taken over.
  if (cluster) lifecycle.startSweeping(resolved.leaseMs * SWEEP_EVERY_LEASES, (id) => registry.peek(id) !== undefined);
  readiness.started();
  logger.info({ url, dataDir: ownsLog ? resolved.dataDir : undefined }, 'relay listening');

  const drain = (): Promise<number> =>
    (draining ??= drainRelay({
      readiness,
      sockets: connections,
      timeoutMs: resolved.shutdownTimeoutMs,
      logger,
      stopIntake: async () => {
        // Shares being stored finish and reach their rooms before the rooms drain.
        lifecycle.stop();
        transfers?.pipes.closeAll(CloseCodes.SERVER_SHUTDOWN, 'relay shutting down');
        await files.close();
      },
      // With Redis, the leases go back once nothing more is written here: the sockets closed
      // next resume on another process at once instead of after the lease runs out.
      settleWrites: async () => {
        await registry.drain();
        await cluster?.leases.releaseAll();
      },
    }));

  async function shutdown(): Promise<void> {
    const drained = await drain();
    // Closing the logs gets at least the close grace, even when the drain used the whole timeout.
    const deadline = Math.max(drained, Date.now() + CLOSE_GRACE_MS);
    const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
    heartbeat.stop();
    expiry.stop();
    webhook?.stop();
    // Bounded: a store that never answers does not hold the shutdown (what was acked is on disk).
    await settlesBy(transcripts.idle(), deadline);
    await settlesBy(registry.close(), deadline);
    receipts.flush();
    if (ownsLog && !(await settlesBy(eventLog.close(), deadline))) logger.warn('the event log did not close before the shutdown timeout');
    if (cluster && !(await settlesBy(cluster.close(), deadline))) logger.warn('the Redis connections did not close before the shutdown timeout');
    // HTTP requests still running (a download, an upload's chunk) get until the deadline.
    server.closeIdleConnections();
    await settlesBy(serverClosed, deadline);
    server.closeAllConnections();
    await serverClosed;
    logger.info('relay closed');
  }

  return {
    server,
    port,
    url,
    metrics: metrics.registry,
    drain: async () => void (await drain()),
    close: () => (closing ??= shutdown()),
  };
}
