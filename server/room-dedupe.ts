import { ackFrameParts, ErrorCodes, type Json, type SessionEvent } from '../src/protocol/index.js';
import { splicedFrameBytes, type OutgoingFrame } from './frame-bytes.js';
import type { RoomHistory } from './room-history.js';
import type { RoomContext, RoomMember } from './room-member.js';

/** The ack of an event, around its JSON text. */
export function ackFrame(clientId: string, json: Json<SessionEvent>): OutgoingFrame {
  return splicedFrameBytes(ackFrameParts(clientId, json));
}

/**
 * The clientId index of a room: which `seq` each participant's clientId became, so that a
 * retried intent is answered with the same ack and nothing is appended. Rebuilt from the log
 * when a session loads, so this holds across restarts. A retry of a clientId whose first copy
 * is still being written is acked when that copy commits.
 */
export class ClientIdIndex {
  /** participant id -> clientId -> seq, for idempotent retries (made with the first intent). */
  private clientSeqs: Map<string, Map<string, number>> | null = null;
  /** Retries of a clientId whose first copy is still being written: seq -> sockets to ack (made with the first). */
  private retryWaiters: Map<number, RoomMember[]> | null = null;

  constructor(
    private readonly sessionId: string,
    private readonly ctx: RoomContext,
    private readonly history: RoomHistory,
  ) {}

  /** The seq the participant's clientId became, if it was used. */
  seqOf(participantId: string, clientId: string): number | undefined {
    return this.clientSeqs?.get(participantId)?.get(clientId);
  }

  /** Keyed by the clientId string the event keeps anyway: no key string made per event. */
  rememberClientId(participantId: string, clientId: string, seq: number): void {
    const all = (this.clientSeqs ??= new Map());
    let seqs = all.get(participantId);
    if (!seqs) all.set(participantId, (seqs = new Map()));
    seqs.set(clientId, seq);
  }

  /** Answers a retried clientId (its event is `seq`) with the ack of the first copy, now or once it is written. */
  retried(member: RoomMember, clientId: string, seq: number, committedSeq: number, endedSeq: number): void {
    if (seq <= committedSeq) {
      if (seq > this.history.recentBase) member.send(ackFrame(clientId, this.history.recentLine(seq)));
      else {
        void this.history.lineAt(seq, endedSeq).then(
          (json) => member.send(ackFrame(clientId, json)),
          (error: unknown) => {
            this.ctx.logger.error({ err: error, sessionId: this.sessionId }, 'reading a retried event from the log failed');
            member.sendError(ErrorCodes.STORAGE_FAILED, 'the event could not be read; retry', clientId);
          },
        );
      }
    } else {
      const all = (this.retryWaiters ??= new Map());
      const waiting = all.get(seq);
      if (waiting) waiting.push(member);
      else all.set(seq, [member]);
    }
  }

  /** The event of `seq` is written: acks the retries that waited for it. */
  committed(event: SessionEvent, json: Json<SessionEvent>): void {
    const retries = this.retryWaiters?.get(event.seq);
    if (retries) {
      this.retryWaiters!.delete(event.seq);
      const ack = ackFrame(event.clientId ?? '', json);
      for (const retry of retries) retry.send(ack);
    }
  }

  /** A write failed: the waiting retries get no ack (their sockets are closed). */
  dropRetries(): void {
    this.retryWaiters = null;
  }
}
