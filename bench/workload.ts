/**
 * A set of connected participants (sessions × members) on one server, with one sender per
 * session, and a paced sender that offers a given number of messages per second.
 */
import { RawConn } from './rawclient.js';
import type { Protocol } from './protocols.js';
import type { Sink } from './sink.js';
import type { FrameTemplate } from './wsframe.js';

export interface Shape {
  name: string;
  sessions: number;
  members: number;
}

interface Sender {
  conn: RawConn;
  template: FrameTemplate;
}

/** Opens `items` with at most `limit` in flight. */
async function pooled<T>(items: readonly T[], limit: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await run(items[next++]!);
  });
  await Promise.all(workers);
}

export class Workload {
  readonly conns: RawConn[] = [];
  private readonly senders: Sender[] = [];
  private nextSender = 0;
  private clientIds = 0;
  /** Messages written by senders since the workload opened. */
  sent = 0;
  private pacer: NodeJS.Timeout | undefined;

  private constructor(
    readonly shape: Shape,
    readonly sink: Sink,
  ) {}

  /** Deliveries each message should make (everyone in the session but the sender). */
  get fanout(): number {
    return this.shape.members - 1;
  }

  /**
   * Connects sessions × members participants (member 0 of each session is its sender when
   * `withSenders`), in session order, `concurrency` handshakes at a time.
   */
  static async open(options: {
    protocol: Protocol;
    port: number;
    shape: Shape;
    sink: Sink;
    sessionPrefix: string;
    textBytes: number;
    withSenders: boolean;
    concurrency?: number;
  }): Promise<Workload> {
    const { protocol, port, shape, sink } = options;
    const workload = new Workload(shape, sink);
    const participants: { session: string; member: number }[] = [];
    for (let s = 0; s < shape.sessions; s++) {
      for (let m = 0; m < shape.members; m++) participants.push({ session: `${options.sessionPrefix}${s}`, member: m });
    }
    await protocol.prepare(participants);
    await pooled(participants, options.concurrency ?? 100, async ({ session, member }) => {
      const conn = await RawConn.connect({ port, path: protocol.path(session, member), sink, engineIo: protocol.engineIo });
      workload.conns.push(conn);
      await protocol.handshake(conn);
      conn.startRunning();
      if (options.withSenders && member === 0) {
        conn.isSender = true;
        workload.senders.push({ conn, template: protocol.template(options.textBytes) });
      }
    });
    return workload;
  }

  /** Sends one message from the next sender (round robin over sessions). */
  sendOne(): void {
    const sender = this.senders[this.nextSender]!;
    this.nextSender = this.nextSender + 1 === this.senders.length ? 0 : this.nextSender + 1;
    sender.conn.write(sender.template.build([++this.clientIds, Math.round(performance.now() * 1000)]));
    this.sent++;
  }

  /**
   * Offers `perSecond` messages per second until `stopPacing()`: a 1 ms timer sends whatever
   * the schedule says is due (catching up at most 20 ms of backlog if the generator lags).
   */
  startPacing(perSecond: number): void {
    this.stopPacing();
    const t0 = performance.now();
    let due = 0;
    let done = 0;
    const maxBurst = Math.max(1, Math.ceil(perSecond * 0.02));
    this.pacer = setInterval(() => {
      due = Math.floor(((performance.now() - t0) * perSecond) / 1000);
      if (due - done > maxBurst) done = due - maxBurst;
      while (done < due) {
        this.sendOne();
        done++;
      }
    }, 1);
  }

  stopPacing(): void {
    if (this.pacer) clearInterval(this.pacer);
    this.pacer = undefined;
  }

  /** Connections closed by the server so far, with their close codes. */
  closedByServer(): { count: number; codes: number[] } {
    const codes = new Set<number>();
    let count = 0;
    for (const c of this.conns) {
      if (c.closed) {
        count++;
        if (c.closeCode !== undefined) codes.add(c.closeCode);
      }
    }
    return { count, codes: [...codes] };
  }

  close(): void {
    this.stopPacing();
    for (const c of this.conns) c.destroy();
  }
}
