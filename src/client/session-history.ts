import {
  ErrorCodes,
  initialState,
  reduce,
  SessionChatError,
  type ChatMessage,
  type ErrorCode,
  type ErrorFrame,
  type HistoryBase,
  type HistoryFrame,
  type HistoryRequestFrame,
  type IntentFrame,
  type SessionEvent,
  type SessionState,
} from '../protocol/index.js';
import { newClientId } from './client-id.js';
import type { RelayConnection } from './relay-connection.js';
import type { SendPacer } from './send-pacer.js';
import type { Dispatch, SessionView } from './session-view.js';

/** A period of the log, in milliseconds since the Unix epoch: `from` inclusive, `to` exclusive. */
export interface HistoryRange {
  from?: number;
  to?: number;
}

/** The client's history, as the rest of the client sees it. */
export interface SessionHistory {
  /** A welcome that resets: the state to fold its page onto (the earlier events' fold, when the page starts after seq 1). */
  reset(sessionId: string, base: HistoryBase | undefined, firstSeq: number): SessionState;
  /** An event was folded at the end (live, or in a welcome). */
  held(event: SessionEvent): void;
  /** Joined again: requests that were not answered go again. */
  rejoined(): void;
  handle(frame: HistoryFrame): void;
  /** An error frame: true when it answers a history request (then it is handled). */
  refused(frame: ErrorFrame): boolean;
  failAll(error: SessionChatError): void;
  readonly hasOlder: boolean;
  readonly loading: boolean;
  loadOlder(): Promise<SessionEvent[]>;
  load(range: HistoryRange): Promise<SessionEvent[]>;
  quoted(id: string): ChatMessage | undefined;
}

/** What loading older pages (`history-loader.ts`, loaded on first use) works with. */
export interface HistoryCore {
  /** The events held: one run without gaps up to the newest. */
  events: SessionEvent[];
  firstSeq(): number;
  /** Asks the relay for the page before the events held (at or after `from`). */
  ask(from: number | undefined): Promise<HistoryFrame>;
  /** The fold of the events before `first`, to fold the run onto. */
  baseState(first: number): SessionState;
  /** Keeps messages that replies quote. */
  quote(events: readonly SessionEvent[]): void;
  /** Older events are in `events` and `state` is their fold with the rest. */
  loaded(state: SessionState, page: SessionEvent[]): void;
}

interface Request {
  from: number | undefined;
  resolve: (frame: HistoryFrame) => void;
  reject: (error: SessionChatError) => void;
}

const loader = () => import('./history-loader.js');

/**
 * The client's part of the log and the older pages it loads: the events held (one gap-free run
 * up to the newest), what the relay said the events before them fold into (`HistoryBase`), the
 * quoted messages older than the run, and the `history` requests in flight. Loading and folding
 * older pages is `history-loader.ts`, fetched on first use.
 */
export function createSessionHistory(view: SessionView, link: RelayConnection, pacer: SendPacer<IntentFrame>, dispatch: Dispatch): SessionHistory {
  let base: HistoryBase | undefined;
  const quotes = new Map<string, SessionEvent>();
  const requests = new Map<string, Request>();
  let older: Promise<SessionEvent[]> | null = null;
  let quoteCache = new Map<string, ChatMessage | undefined>();

  const send = (id: string, request: Request): void => {
    if (!link.writable) return; // goes on the next join
    const frame: HistoryRequestFrame = { type: 'history', clientId: id, before: core.firstSeq() };
    if (request.from !== undefined) frame.from = request.from;
    pacer.spend();
    link.send(frame);
  };

  const core: HistoryCore = {
    events: [],
    firstSeq: () => (core.events.length > 0 ? core.events[0]!.seq : view.state.lastSeq + 1),
    ask: (from) =>
      new Promise<HistoryFrame>((resolve, reject) => {
        if (link.state === 'closed') return reject(new SessionChatError(ErrorCodes.CLIENT_CLOSED, 'the client is closed'));
        const id = newClientId();
        const request = { from, resolve, reject };
        requests.set(id, request);
        send(id, request);
      }),
    baseState(first) {
      const state = initialState(view.state.sessionId);
      if (!base || first <= 1) return state;
      state.lastSeq = first - 1;
      state.startedAt = base.startedAt;
      state.participants = base.participants.map((p) => ({ ...p }));
      state.ended = base.ended;
      state.transcript = base.transcript;
      return state;
    },
    quote(events) {
      for (const event of events) quotes.set(event.id, event);
    },
    loaded(state, page) {
      view.state = state;
      quoteCache = new Map();
      dispatch('history', { events: page });
      dispatch('change', { state });
    },
  };

  return {
    reset(sessionId, pageBase, first) {
      base = pageBase;
      core.events = [];
      quotes.clear();
      quoteCache = new Map();
      core.quote(pageBase?.quoted ?? []);
      view.state = initialState(sessionId);
      return core.baseState(first);
    },
    held(event) {
      core.events.push(event);
      if (event.type === 'message.edited' || event.type === 'message.deleted') quoteCache.delete(event.target);
    },
    rejoined() {
      for (const [id, request] of requests) send(id, request);
    },
    handle(frame) {
      const request = requests.get(frame.clientId);
      if (!request) return;
      requests.delete(frame.clientId);
      request.resolve(frame);
    },
    refused(frame) {
      const id = frame.clientId;
      const request = id === undefined ? undefined : requests.get(id);
      if (!request) return false;
      if (frame.code === ErrorCodes.RATE_LIMITED) {
        setTimeout(() => requests.has(id!) && send(id!, request), frame.retryAfterMs ?? 1000);
        return true;
      }
      requests.delete(id!);
      request.reject(new SessionChatError(frame.code as ErrorCode, frame.message, { clientId: id }));
      return true;
    },
    failAll(error) {
      const waiting = [...requests.values()];
      requests.clear();
      for (const request of waiting) request.reject(error);
    },
    get hasOlder() {
      return core.firstSeq() > 1;
    },
    get loading() {
      return requests.size > 0;
    },
    loadOlder() {
      if (core.firstSeq() <= 1) return Promise.resolve([]);
      older ??= loader()
        .then(({ olderPage }) => olderPage(core))
        .then((page) => page.events)
        .finally(() => (older = null));
      return older;
    },
    load(range) {
      return loader().then(({ loadRange }) => loadRange(core, range));
    },
    quoted(id) {
      if (quoteCache.has(id)) return quoteCache.get(id);
      const original = quotes.get(id);
      let message: ChatMessage | undefined;
      if (original) {
        let state = reduce(initialState(view.state.sessionId), original);
        for (const event of core.events) {
          if ((event.type === 'message.edited' || event.type === 'message.deleted') && event.target === id) state = reduce(state, event);
        }
        message = state.messages[0];
      }
      quoteCache.set(id, message);
      return message;
    },
  };
}
