import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { ErrorCodes, SESSION_EVENT_TYPES, errorCodeName } from '../src/protocol/index.js';
import type { RelayMeter } from './relay-meter.js';

/** What the gauges read when Prometheus scrapes (nothing is kept up to date between scrapes). */
export interface MetricSources {
  /** Open WebSocket connections. */
  connections(): number;
  /** Sessions loaded in memory. */
  sessions(): number;
  /** True once the relay is draining (shutting down). */
  draining(): boolean;
  /** Scale-out: sockets this process passes to the process holding their session. */
  forwarded?(): number;
}

/** Seconds from an intent's event being stamped to its ack: loopback acks take well under a millisecond, fsync ones a few. */
export const ACK_LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** The relay's metrics: its own registry (two relays in one process never share one) and the meter its parts report to. */
export interface RelayMetrics {
  readonly registry: Registry;
  readonly meter: RelayMeter;
}

/** Sets a counter's series at scrape time: `set(total, labels?)`. */
type Totals = (set: (total: number, labels?: Record<string, string>) => void) => void;

/** A counter whose totals are kept outside prom-client and read when Prometheus scrapes. */
function counter(name: string, help: string, registers: Registry[], totals: Totals, labelNames: string[] = []): void {
  new Counter({
    name,
    help,
    labelNames,
    registers,
    collect() {
      this.reset();
      totals((total, labels) => (labels ? this.inc(labels, total) : this.inc(total)));
    },
  });
}

/**
 * Makes a relay's metrics on a registry of its own, with Node's default process metrics.
 * A count on the hot path is an addition to a plain number (prom-client's own `inc` hashes its
 * labels on every call); the counters read the totals when Prometheus scrapes. Every series
 * (each event type, each error code) exists from the start: Prometheus' `rate()` needs the zero.
 */
export function createRelayMetrics(sources: MetricSources): RelayMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  new Gauge({
    name: 'session_chat_connections_open',
    help: 'Open WebSocket connections.',
    registers,
    collect() {
      this.set(sources.connections());
    },
  });
  new Gauge({
    name: 'session_chat_sockets_forwarded',
    help: 'Scale-out: sockets passed to the relay process holding their session (counted there as open connections too).',
    registers,
    collect() {
      this.set(sources.forwarded?.() ?? 0);
    },
  });
  new Gauge({
    name: 'session_chat_sessions_loaded',
    help: 'Sessions loaded in memory.',
    registers,
    collect() {
      this.set(sources.sessions());
    },
  });
  new Gauge({
    name: 'session_chat_draining',
    help: '1 while the relay is draining (shutting down): /readyz answers 503 and new sockets are refused.',
    registers,
    collect() {
      this.set(sources.draining() ? 1 : 0);
    },
  });
  // The hot path adds to plain numbers; the counters read them when Prometheus scrapes.
  const appended = new Map<string, number>(SESSION_EVENT_TYPES.map((type) => [type, 0]));
  const refusals = new Map<number, number>((Object.values(ErrorCodes) as number[]).map((code) => [code, 0]));
  const totals = { fanOutBytes: 0, uploadsStarted: 0, uploadsCompleted: 0, uploadBytes: 0 };

  counter('session_chat_events_appended_total', 'Events written to the session logs, by type.', registers, (set) => {
    for (const [type, count] of appended) set(count, { type });
  }, ['type']);
  counter('session_chat_fanout_bytes_total', 'Bytes of event frames (WebSocket header and payload) sent to the other sockets of a session.', registers, (set) => set(totals.fanOutBytes));
  counter('session_chat_uploads_started_total', 'Uploads created (tus POST).', registers, (set) => set(totals.uploadsStarted));
  counter('session_chat_uploads_completed_total', 'Uploads that received all their bytes.', registers, (set) => set(totals.uploadsCompleted));
  counter('session_chat_upload_bytes_total', 'Bytes received by uploads (tus PATCH).', registers, (set) => set(totals.uploadBytes));
  counter(
    'session_chat_errors_total',
    'Numbered refusals sent to clients (error frames, refused upgrades, HTTP refusals), by code name.',
    registers,
    (set) => {
      for (const [code, count] of refusals) set(count, { code: errorCodeName(code) ?? String(code) });
    },
    ['code'],
  );
  const ackLatency = new Histogram({
    name: 'session_chat_ack_latency_seconds',
    help: "From an intent's event being stamped (when the intent is decided) to its ack, i.e. the log write.",
    buckets: ACK_LATENCY_BUCKETS,
    registers,
  });

  const meter: RelayMeter = {
    committed(event, acked, fanOutBytes) {
      const count = appended.get(event.type);
      if (count !== undefined) appended.set(event.type, count + 1);
      if (acked) ackLatency.observe(Math.max(0, Date.now() - event.at) / 1000);
      totals.fanOutBytes += fanOutBytes;
    },
    refused(code) {
      const count = refusals.get(code);
      if (count !== undefined) refusals.set(code, count + 1);
    },
    uploadStarted() {
      totals.uploadsStarted++;
    },
    uploadReceived(bytes, completed) {
      totals.uploadBytes += bytes;
      if (completed) totals.uploadsCompleted++;
    },
  };
  return { registry, meter };
}
