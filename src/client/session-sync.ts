import {
  CloseCodes,
  ErrorCodes,
  initialState,
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
import type { SessionIntents } from './session-intents.js';
import type { SessionSignals } from './session-signals.js';
import type { Dispatch, SessionView } from './session-view.js';

/**
 * Keeps the client's view in step with the relay: the hello with where to resume from, the
 * welcome (a resume or a reset), the log's events folded strictly in order, acks and refusals of
 * intents, presence, receipts and typing notices.
 */
export class SessionSync {
  private epoch: string | null = null;
  private joinedOnce = false;
  private joinWaiters: { resolve: () => void; reject: (error: SessionChatError) => void }[] = [];

  constructor(
    private readonly view: SessionView,
    private readonly link: RelayConnection,
    private readonly intents: SessionIntents,
    private readonly signals: SessionSignals,
    private readonly dispatch: Dispatch,
  ) {}

  /** Settles once joined with the history folded, or fails with the error that closes the client. */
  joined(): Promise<void> {
    return new Promise<void>((resolve, reject) => this.joinWaiters.push({ resolve, reject }));
  }

  /** The client closes with `error`: whoever waits to join gets it. */
  failJoin(error: SessionChatError): void {
    const waiters = this.joinWaiters;
    this.joinWaiters = [];
    for (const waiter of waiters) waiter.reject(error);
  }

  /** The hello for a new socket: a resume from the last `seq` once this client has joined an epoch. */
  hello(): HelloFrame {
    const hello: HelloFrame = { type: 'hello', v: PROTOCOL_VERSION };
    if (this.epoch !== null) hello.resume = { epoch: this.epoch, seq: this.view.state.lastSeq };
    return hello;
  }

  /** Re-renders: `state`, `outbox` or `presence` changed. */
  changed(): void {
    this.dispatch('change', { state: this.view.state });
  }

  handle(frame: ServerFrame): void {
    const { view, intents, dispatch } = this;
    switch (frame.type) {
      case 'welcome':
        this.welcome(frame);
        return;
      case 'event':
        this.fold(frame.event, true);
        return;
      case 'ack':
        this.fold(frame.event, true);
        intents.settle(frame.clientId, { event: frame.event });
        this.changed();
        return;
      case 'error': {
        const error = new SessionChatError(frame.code as ErrorCode, frame.message, {
          clientId: frame.clientId,
          retryAfterMs: frame.retryAfterMs,
        });
        if (frame.clientId !== undefined) {
          if (frame.code === ErrorCodes.RATE_LIMITED) intents.rateLimited(frame.clientId, frame.retryAfterMs ?? 1000);
          else {
            intents.settle(frame.clientId, { error });
            this.changed();
          }
          return;
        }
        dispatch('error', { error });
        return;
      }
      case 'presence':
        view.presence = frame.presence;
        dispatch('presence', { presence: frame.presence });
        this.changed();
        return;
      case 'typing':
        if (frame.participantId === view.me?.id) return;
        this.signals.typingNotice(frame.participantId, frame.active);
        return;
      case 'receipts':
        view.receipts = frame.receipts;
        dispatch('receipts', { receipts: frame.receipts });
        this.changed();
        return;
      case 'pong':
        return;
    }
  }

  private welcome(frame: WelcomeFrame): void {
    const { view, signals } = this;
    const resumed = this.joinedOnce && !frame.reset;
    if (frame.reset) view.state = initialState(frame.sessionId);
    this.epoch = frame.epoch;
    view.me = frame.you;
    view.presence = frame.presence;
    if (frame.policy) view.policy = { ...frame.policy };
    if (frame.limits) view.limits = { ...frame.limits };
    if (frame.receipts) view.receipts = frame.receipts;
    signals.rejoining();
    for (const event of frame.events) this.fold(event, resumed, false);
    this.joinedOnce = true;
    this.link.backoff.reset();
    this.link.setState('live');
    this.intents.resend();
    signals.joined();
    this.changed();
    const waiters = this.joinWaiters;
    this.joinWaiters = [];
    for (const waiter of waiters) waiter.resolve();
  }

  private fold(event: SessionEvent, live: boolean, emit = true): void {
    const { view } = this;
    if (event.seq <= view.state.lastSeq) return;
    if (event.seq !== view.state.lastSeq + 1 && view.state.lastSeq > 0 && this.link.state === 'live') {
      // A gap must never be papered over: drop the socket and resume from what we hold.
      this.link.drop(CloseCodes.PROTOCOL_VIOLATION, 'gap in event sequence');
      return;
    }
    view.state = reduce(view.state, event);
    const own = view.me !== null && event.from === view.me.id;
    if (own && event.clientId !== undefined) {
      // Another tab's or an earlier connection's intent may be acked through the log.
      this.intents.settle(event.clientId, { event });
    }
    this.dispatch('event', { event, live, own });
    this.signals.folded(event);
    if (emit) this.changed();
  }
}
