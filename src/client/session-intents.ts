import { ErrorCodes, SessionChatError, type IntentFrame, type SessionEvent } from '../protocol/index.js';
import type { OutboxStore } from './outbox-store.js';
import { PendingIntents } from './pending-intents.js';
import type { RelayConnection } from './relay-connection.js';
import { SendPacer, type SendRate } from './send-pacer.js';
import type { Dispatch, SessionView } from './session-view.js';
import type { OutboxEntry } from './types.js';

/** The intents of one client, as the rest of the client sees them. */
export interface SessionIntents {
  /** Messages typed by this participant that the relay has not acked yet, in order. */
  readonly outbox: OutboxEntry[];
  /** Every frame sent, paced to the relay's rate limit. */
  readonly pacer: SendPacer<IntentFrame>;
  enqueue(frame: IntentFrame): Promise<SessionEvent>;
  /** Joined: intents still unacked go again, in order, paced; the relay's clientId dedupe makes this safe. */
  resend(): void;
  settle(clientId: string, outcome: { event: SessionEvent } | { error: SessionChatError }): void;
  /** The relay refused `clientId` with RATE_LIMITED: the queue waits `retryAfterMs`, then it goes again. */
  rateLimited(clientId: string, retryAfterMs: number): void;
  failAll(error: SessionChatError): void;
}

/**
 * The intents of one client (message, edit, delete, react, end, share): checked, kept until the
 * relay acks or refuses them, each with the promise that settles then, and sent through the
 * pacer; unacked ones go again, in order, after every (re)join. `store`: where the outbox is kept
 * across reloads (null: in memory only).
 */
export function createSessionIntents(
  store: { store: OutboxStore; sessionId: string; participantId: string } | null,
  rate: SendRate | undefined,
  link: RelayConnection,
  view: SessionView,
  dispatch: Dispatch,
): SessionIntents {
  /** Intents not acked yet (the outbox, kept across reloads with an `outboxStore`)… */
  const pending = new PendingIntents(store);
  /** …and every frame sent, paced to the relay's rate limit. */
  const pacer = new SendPacer<IntentFrame>({ rate, send: (frame) => link.send(frame) });

  const settle = (clientId: string, outcome: { event: SessionEvent } | { error: SessionChatError }): void => {
    pacer.forget(clientId);
    pending.settle(clientId, outcome);
  };

  return {
    get outbox() {
      return pending.outbox;
    },
    pacer,
    enqueue(frame) {
      if (link.state === 'closed') {
        return Promise.reject(new SessionChatError(ErrorCodes.CLIENT_CLOSED, 'the client is closed'));
      }
      if (view.state.ended && frame.type !== 'end') {
        return Promise.reject(new SessionChatError(ErrorCodes.SESSION_ENDED, 'the session has ended', { clientId: frame.clientId }));
      }
      if ((frame.type === 'message' || frame.type === 'edit') && frame.text.trim() === '') {
        return Promise.reject(new SessionChatError(ErrorCodes.INVALID_FIELD, '"text" must not be empty', { clientId: frame.clientId }));
      }
      return new Promise<SessionEvent>((resolve, reject) => {
        pending.add(frame, resolve, reject);
        dispatch('change', { state: view.state });
        pacer.push(frame);
      });
    },
    resend() {
      pacer.start(pending.frames);
    },
    settle,
    rateLimited(clientId, retryAfterMs) {
      pacer.refused(clientId, retryAfterMs);
    },
    failAll(error) {
      pacer.stop();
      // An ended session takes nothing more: what waited is dropped from the kept outbox too.
      pending.failAll(error, error.code === ErrorCodes.SESSION_ENDED);
    },
  };
}
