import {
  CloseCodes,
  ErrorCodes,
  PROTOCOL_VERSION,
  reduce,
  SessionChatError,
  type ErrorCode,
  type HelloFrame,
  type ServerFrame,
  type SessionEvent,
  type WelcomeFrame,
} from '../protocol/index.js';
import type { RelayConnection } from './relay-connection.js';
import type { SessionHistory } from './session-history.js';
import type { SessionIntents } from './session-intents.js';
import type { SessionSignals } from './session-signals.js';
import type { Dispatch, SessionView } from './session-view.js';

/** The relay's frames folded into the client's view, as the client sees it. */
export interface SessionSync {
  /** Settles once joined with the history folded, or fails with the error that closes the client. */
  joined(): Promise<void>;
  /** The client closes with `error`: whoever waits to join gets it. */
  failJoin(error: SessionChatError): void;
  /** The hello for a new socket: a resume from the last `seq` once this client has joined an epoch. */
  hello(): HelloFrame;
  /** Re-renders: `state`, `outbox` or `presence` changed. */
  changed(): void;
  handle(frame: ServerFrame): void;
}

/**
 * Keeps the client's view in step with the relay: the hello with where to resume from, the
 * welcome (a resume or a reset), the log's events folded strictly in order, acks and refusals of
 * intents, presence, receipts and typing notices. (A closure, like the connection, so that its
 * state minifies.)
 */
export function createSessionSync(
  view: SessionView,
  link: RelayConnection,
  intents: SessionIntents,
  signals: SessionSignals,
  history: SessionHistory,
  dispatch: Dispatch,
): SessionSync {
  let epoch: string | null = null;
  let joinedOnce = false;
  let joinWaiters: { resolve: () => void; reject: (error: SessionChatError) => void }[] = [];

  /** Settles once joined with the history folded, or fails with the error that closes the client. */
  const joined = (): Promise<void> => new Promise<void>((resolve, reject) => joinWaiters.push({ resolve, reject }));

  /** The client closes with `error`: whoever waits to join gets it. */
  const failJoin = (error: SessionChatError): void => {
    const waiters = joinWaiters;
    joinWaiters = [];
    for (const waiter of waiters) waiter.reject(error);
  };

  /** The hello for a new socket: a resume from the last `seq` once this client has joined an epoch. */
  const hello = (): HelloFrame => {
    const frame: HelloFrame = { type: 'hello', v: PROTOCOL_VERSION };
    if (epoch !== null) frame.resume = { epoch, seq: view.state.lastSeq };
    return frame;
  };

  /** Re-renders: `state`, `outbox` or `presence` changed. */
  const changed = (): void => dispatch('change', { state: view.state });

  const handle = (frame: ServerFrame): void => {
    switch (frame.type) {
      case 'welcome':
        welcome(frame);
        return;
      case 'event':
        fold(frame.event, true);
        return;
      case 'ack':
        fold(frame.event, true);
        intents.settle(frame.clientId, { event: frame.event });
        changed();
        return;
      case 'error': {
        const error = new SessionChatError(frame.code as ErrorCode, frame.message, {
          clientId: frame.clientId,
          retryAfterMs: frame.retryAfterMs,
        });
        if (history.refused(frame)) return;
        if (frame.clientId !== undefined) {
          if (frame.code === ErrorCodes.RATE_LIMITED) intents.rateLimited(frame.clientId, frame.retryAfterMs ?? 1000);
          else {
            intents.settle(frame.clientId, { error });
            changed();
          }
          return;
        }
        dispatch('error', { error });
        return;
      }
      case 'presence':
        view.presence = frame.presence;
        dispatch('presence', { presence: frame.presence });
        changed();
        return;
      case 'typing':
        if (frame.participantId === view.me?.id) return;
        signals.typingNotice(frame.participantId, frame.active);
        return;
      case 'receipts':
        view.receipts = frame.receipts;
        dispatch('receipts', { receipts: frame.receipts });
        changed();
        return;
      case 'history':
        history.handle(frame);
        return;
      case 'pong':
        return;
      case 'transfer-signal':
        dispatch('transfer-signal', { transfer: frame.transfer, from: frame.from, signal: frame.signal });
        return;
    }
  };

  const welcome = (frame: WelcomeFrame): void => {
    const resumed = joinedOnce && !frame.reset;
    // A join gets the last page of the log, folded onto what the events before it fold into.
    if (frame.reset) view.state = history.reset(frame.sessionId, frame.base, frame.events[0]?.seq ?? 1);
    epoch = frame.epoch;
    view.me = frame.you;
    view.presence = frame.presence;
    if (frame.policy) view.policy = { ...frame.policy };
    if (frame.limits) view.limits = { ...frame.limits };
    if (frame.receipts) view.receipts = frame.receipts;
    signals.rejoining();
    for (const event of frame.events) fold(event, resumed, false);
    joinedOnce = true;
    link.backoff.reset();
    link.setState('live');
    intents.resend();
    history.rejoined();
    signals.joined();
    changed();
    const waiters = joinWaiters;
    joinWaiters = [];
    for (const waiter of waiters) waiter.resolve();
  };

  const fold = (event: SessionEvent, live: boolean, emit = true): void => {
    if (event.seq <= view.state.lastSeq) return;
    if (event.seq !== view.state.lastSeq + 1 && view.state.lastSeq > 0 && link.state === 'live') {
      // A gap must never be papered over: drop the socket and resume from what we hold.
      link.drop(CloseCodes.PROTOCOL_VIOLATION, 'gap in event sequence');
      return;
    }
    view.state = reduce(view.state, event);
    history.held(event);
    const own = view.me !== null && event.from === view.me.id;
    if (own && event.clientId !== undefined) {
      // Another tab's or an earlier connection's intent may be acked through the log.
      intents.settle(event.clientId, { event });
    }
    dispatch('event', { event, live, own });
    signals.folded(event);
    if (emit) changed();
  };

  return { joined, failJoin, hello, changed, handle };
}
