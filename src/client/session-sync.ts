import {
  CloseCodes,
  ErrorCodes,
  initialState,
  PROTOCOL_VERSION,
  reduce,
  SessionChatError,
  type ErrorCode,
  type HelloFrame,
  type ParticipantInfo,
  type PresenceEntry,
  type ReceiptEntry,
  type ServerFrame,
  type SessionEvent,
  type SessionLimits,
  type SessionPolicy,
  type SessionState,
  type WelcomeFrame,
} from '../protocol/index.js';
import type { RelayConnection } from './relay-connection.js';
import type { SessionIntents } from './session-intents.js';
import type { SessionSignals } from './session-signals.js';
import type { SessionClientEventMap } from './types.js';

/** The client's public view of the session, which the frames from the relay update. */
export interface SessionView {
  state: SessionState;
  me: ParticipantInfo | null;
  presence: PresenceEntry[];
  receipts: ReceiptEntry[];
  policy: SessionPolicy;
  limits: SessionLimits;
}

export type Dispatch = <K extends keyof SessionClientEventMap>(type: K, detail: SessionClientEventMap[K]['detail']) => void;

export interface SyncOptions {
  view: SessionView;
  link: RelayConnection;
  intents: SessionIntents;
  signals: SessionSignals;
  dispatch: Dispatch;
  /** Joined (first time or again), with the history folded. */
  joined(): void;
}

/**
 * Keeps the client's view in step with the relay: the hello with where to resume from, the
 * welcome (a resume or a reset), the log's events folded strictly in order, acks and refusals of
 * intents, presence, receipts and typing notices.
 */
export class SessionSync {
  private epoch: string | null = null;
  private joinedOnce = false;

  constructor(private readonly options: SyncOptions) {}

  /** The hello for a new socket: a resume from the last `seq` once this client has joined an epoch. */
  hello(): HelloFrame {
    const hello: HelloFrame = { type: 'hello', v: PROTOCOL_VERSION };
    if (this.epoch !== null) hello.resume = { epoch: this.epoch, seq: this.options.view.state.lastSeq };
    return hello;
  }

  /** Re-renders: `state`, `outbox` or `presence` changed. */
  changed(): void {
    this.options.dispatch('change', { state: this.options.view.state });
  }

  handle(frame: ServerFrame): void {
    const { view, intents, dispatch } = this.options;
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
          if (frame.code === ErrorCodes.RATE_LIMITED) intents.pacer.refused(frame.clientId, frame.retryAfterMs ?? 1000);
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
        this.options.signals.typingNotice(frame.participantId, frame.active);
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
    const { view, signals } = this.options;
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
    this.options.link.backoff.reset();
    this.options.link.setState('live');
    this.options.intents.resend();
    signals.joined();
    this.changed();
    this.options.joined();
  }

  private fold(event: SessionEvent, live: boolean, emit = true): void {
    const { view } = this.options;
    if (event.seq <= view.state.lastSeq) return;
    if (event.seq !== view.state.lastSeq + 1 && view.state.lastSeq > 0 && this.options.link.state === 'live') {
      // A gap must never be papered over: drop the socket and resume from what we hold.
      this.options.link.drop(CloseCodes.PROTOCOL_VIOLATION, 'gap in event sequence');
      return;
    }
    view.state = reduce(view.state, event);
    const own = view.me !== null && event.from === view.me.id;
    if (own && event.clientId !== undefined) {
      // Another tab's or an earlier connection's intent may be acked through the log.
      this.options.intents.settle(event.clientId, { event });
    }
    this.options.dispatch('event', { event, live, own });
    this.options.signals.folded(event);
    if (emit) this.changed();
  }
}
