import type { SessionEvent } from '../src/protocol/index.js';

/**
 * What the relay's parts report for its metrics (`metrics.ts` counts them). Each call is one
 * counter increment: the hot path pays no more than that, and nothing here carries a session
 * id or another value without bound (labels are event types and error codes only).
 */
export interface RelayMeter {
  /**
   * An event is durable and fanned out. `acked`: its sender was acked now (the time since the
   * event was stamped, `event.at`, is the ack latency). `fanOutBytes`: bytes of the event frame
   * handed to the session's other sockets.
   */
  committed(event: SessionEvent, acked: boolean, fanOutBytes: number): void;
  /** A numbered refusal (`ErrorCodes`) was sent to a client: an `error` frame, a refused upgrade, an HTTP refusal. */
  refused(code: number): void;
  /** An upload was created (tus POST answered 201). */
  uploadStarted(): void;
  /** Bytes an upload received (a tus PATCH); `completed` when it reached its declared length. */
  uploadReceived(bytes: number, completed: boolean): void;
}
