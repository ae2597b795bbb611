/**
 * Where every receiving connection reports the messages it got. Counts run all the time (so
 * the generator can wait for in-flight messages to drain); latencies are recorded only while
 * a measurement window is open.
 */
import { Histogram } from './histogram.js';

export class Sink {
  /** Deliveries: messages received by a non-sending participant. */
  delivered = 0;
  /** Messages received back by their sender (the relay's `ack`). */
  acked = 0;
  recording = false;
  readonly deliveryLatency = new Histogram();
  readonly ackLatency = new Histogram();

  onDelivered(latencyUs: number): void {
    this.delivered++;
    if (this.recording) this.deliveryLatency.record(latencyUs);
  }

  onAck(latencyUs: number): void {
    this.acked++;
    if (this.recording) this.ackLatency.record(latencyUs);
  }

  startWindow(): void {
    this.deliveryLatency.reset();
    this.ackLatency.reset();
    this.recording = true;
  }

  stopWindow(): void {
    this.recording = false;
  }
}

/** Microseconds on the generator's monotonic clock (the same clock stamps and reads). */
export function nowUs(): number {
  return Math.round(performance.now() * 1000);
}
