import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { ErrorCodes, SESSION_EVENT_TYPES, type ErrorCodeName, type SessionEvent } from '../src/protocol/index.js';
import type { RelayMeter } from './relay-meter.js';

/** What the gauges read when Prometheus scrapes (nothing is kept up to date between scrapes). */
export interface MetricSources {
  /** Open WebSocket connections. */
  connections(): number;
  /** Sessions loaded in memory. */
  sessions(): number;
  /** True once the relay is draining (shutting down). */
  draining(): boolean;
}

/** Seconds from an intent's event being stamped to its ack: loopback acks take well under a millisecond, fsync ones a few. */
export const ACK_LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** The relay's metrics: its own registry (two relays in one process never share one) and the meter its parts report to. */
export interface RelayMetrics {
  readonly registry: Registry;
  readonly meter: RelayMeter;
}

type Inc = { inc(value?: number): void };

/**
 * Makes a relay's metrics on a registry of its own, with Node's default process metrics.
 * Labelled children are made once here (every event type, every error code), so a count on
 * the hot path is a property read and an addition, and every series exists from the start
 * (Prometheus' `rate()` needs the zero).
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
  const events = new Counter({ name: 'session_chat_events_appended_total', help: 'Events written to the session logs, by type.', labelNames: ['type'], registers });
  const ackLatency = new Histogram({
    name: 'session_chat_ack_latency_seconds',
    help: "From an intent's event being stamped (when the intent is decided) to its ack, i.e. the log write.",
    buckets: ACK_LATENCY_BUCKETS,
    registers,
  });
  const fanOut = new Counter({ name: 'session_chat_fanout_bytes_total', help: 'Bytes of event frames sent to the other sockets of a session.', registers });
  const uploadsStarted = new Counter({ name: 'session_chat_uploads_started_total', help: 'Uploads created (tus POST).', registers });
  const uploadsCompleted = new Counter({ name: 'session_chat_uploads_completed_total', help: 'Uploads that received all their bytes.', registers });
  const uploadBytes = new Counter({ name: 'session_chat_upload_bytes_total', help: 'Bytes received by uploads (tus PATCH).', registers });
  const errors = new Counter({
    name: 'session_chat_errors_total',
    help: 'Numbered refusals sent to clients (error frames, refused upgrades, HTTP refusals), by code name.',
    labelNames: ['code'],
    registers,
  });

  const child = (counter: Counter<string>, label: string): Inc => {
    const made = counter.labels(label);
    made.inc(0);
    return made;
  };
  const byType = new Map<SessionEvent['type'], Inc>(SESSION_EVENT_TYPES.map((type) => [type, child(events, type)]));
  const byCode = new Map<number, Inc>(
    (Object.keys(ErrorCodes) as ErrorCodeName[]).map((name) => [ErrorCodes[name], child(errors, name)]),
  );

  const meter: RelayMeter = {
    committed(event, acked, fanOutBytes) {
      byType.get(event.type)?.inc();
      if (acked) ackLatency.observe(Math.max(0, Date.now() - event.at) / 1000);
      if (fanOutBytes > 0) fanOut.inc(fanOutBytes);
    },
    refused(code) {
      byCode.get(code)?.inc();
    },
    uploadStarted() {
      uploadsStarted.inc();
    },
    uploadReceived(bytes, completed) {
      if (bytes > 0) uploadBytes.inc(bytes);
      if (completed) uploadsCompleted.inc();
    },
  };
  return { registry, meter };
}
