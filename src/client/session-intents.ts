import { ErrorCodes, SessionChatError, type IntentFrame, type SessionEvent } from '../protocol/index.js';
import type { OutboxStore } from './outbox-store.js';
import { PendingIntents } from './pending-intents.js';
import type { RelayConnection } from './relay-connection.js';
import { SendPacer, type SendRate } from './send-pacer.js';
import type { Dispatch, SessionView } from './session-view.js';
import type { OutboxEntry } from './types.js';

/**
 * The intents of one client (message, edit, delete, react, end, share): checked, kept until the
 * relay acks or refuses them, each with the promise that settles then, and sent through the
 * pacer; unacked ones go again, in order, after every (re)join.
 */
export class SessionIntents {
  /** Intents not acked yet (the outbox, kept across reloads with an `outboxStore`)… */
  private readonly pending: PendingIntents;
  /** …and every frame sent, paced to the relay's rate limit. */
  readonly pacer: SendPacer<IntentFrame>;

  /** `store`: where the outbox is kept across reloads (null: in memory only). */
  constructor(
    store: { store: OutboxStore; sessionId: string; participantId: string } | null,
    rate: SendRate | undefined,
    private readonly link: RelayConnection,
    private readonly view: SessionView,
    private readonly dispatch: Dispatch,
  ) {
    this.pending = new PendingIntents(store);
    this.pacer = new SendPacer({ rate, send: (frame) => link.send(frame) });
  }

  /** Messages typed by this participant that the relay has not acked yet, in order. */
  get outbox(): OutboxEntry[] {
    return this.pending.outbox;
  }

  enqueue(frame: IntentFrame): Promise<SessionEvent> {
    if (this.link.state === 'closed') {
      return Promise.reject(new SessionChatError(ErrorCodes.CLIENT_CLOSED, 'the client is closed'));
    }
    if (this.view.state.ended && frame.type !== 'end') {
      return Promise.reject(new SessionChatError(ErrorCodes.SESSION_ENDED, 'the session has ended', { clientId: frame.clientId }));
    }
    if ((frame.type === 'message' || frame.type === 'edit') && frame.text.trim() === '') {
      return Promise.reject(new SessionChatError(ErrorCodes.INVALID_FIELD, '"text" must not be empty', { clientId: frame.clientId }));
    }
    return new Promise<SessionEvent>((resolve, reject) => {
      this.pending.add(frame, resolve, reject);
      this.dispatch('change', { state: this.view.state });
      this.pacer.push(frame);
    });
  }

  /** Joined: intents still unacked go again, in order, paced; the relay's clientId dedupe makes this safe. */
  resend(): void {
    this.pacer.start(this.pending.frames);
  }

  settle(clientId: string, outcome: { event: SessionEvent } | { error: SessionChatError }): void {
    this.pacer.forget(clientId);
    this.pending.settle(clientId, outcome);
  }

  /** The relay refused `clientId` with RATE_LIMITED: the queue waits `retryAfterMs`, then it goes again. */
  rateLimited(clientId: string, retryAfterMs: number): void {
    this.pacer.refused(clientId, retryAfterMs);
  }

  failAll(error: SessionChatError): void {
    this.pacer.stop();
    // An ended session takes nothing more: what waited is dropped from the kept outbox too.
    this.pending.failAll(error, error.code === ErrorCodes.SESSION_ENDED);
  }
}
