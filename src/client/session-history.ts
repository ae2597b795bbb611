import {
  ErrorCodes,
  initialState,
  reduce,
  reduceInPlace,
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

interface Request {
  from: number | undefined;
  resolve: (frame: HistoryFrame) => void;
  reject: (error: SessionChatError) => void;
}

/**
 * The client's part of the log and the older pages it loads: the events held (one gap-free run
 * up to the newest), what the relay said the events before them fold into (`HistoryBase`), the
 * quoted messages older than the run, and the `history` requests in flight. Older events are
 * put in front and the whole run is folded again from the base (in place, O(events)), so edits,
 * deletes and reactions whose message arrives later fold as if the log had been read in order.
 */
export function createSessionHistory(view: SessionView, link: RelayConnection, pacer: SendPacer<IntentFrame>, dispatch: Dispatch): SessionHistory {
  let base: HistoryBase | undefined;
  let events: SessionEvent[] = [];
  const quotes = new Map<string, SessionEvent>();
  const requests = new Map<string, Request>();
  let older: Promise<SessionEvent[]> | null = null;
  let quoteCache = new Map<string, ChatMessage | undefined>();

  const firstSeq = (): number => (events.length > 0 ? events[0]!.seq : view.state.lastSeq + 1);

  /** The fold of the events before `first`: what the relay told, with nothing of the messages. */
  const baseState = (sessionId: string, first: number): SessionState => {
    const state = initialState(sessionId);
    if (!base || first <= 1) return state;
    state.lastSeq = first - 1;
    state.startedAt = base.startedAt;
    state.participants = base.participants.map((p) => ({ ...p }));
    state.ended = base.ended;
    state.transcript = base.transcript;
    return state;
  };

  const send = (id: string, request: Request): void => {
    if (!link.writable) return; // goes on the next join
    const frame: HistoryRequestFrame = { type: 'history', clientId: id, before: firstSeq() };
    if (request.from !== undefined) frame.from = request.from;
    pacer.spend();
    link.send(frame);
  };

  const ask = (from: number | undefined): Promise<HistoryFrame> =>
    new Promise<HistoryFrame>((resolve, reject) => {
      if (link.state === 'closed') {
        reject(new SessionChatError(ErrorCodes.CLIENT_CLOSED, 'the client is closed'));
        return;
      }
      const id = newClientId();
      const request = { from, resolve, reject };
      requests.set(id, request);
      send(id, request);
    });

  /** Puts an answer's events in front of those held; false when they do not join up (asked again). */
  const prepend = (frame: HistoryFrame): boolean => {
    const first = firstSeq();
    const page = frame.events.filter((event) => event.seq < first);
    if (page.length > 0 && page[page.length - 1]!.seq !== first - 1) return false;
    for (const event of frame.quoted) quotes.set(event.id, event);
    if (page.length === 0) return true;
    events = page.concat(events);
    // Folded in place: the base's lists are new, nobody else holds them (later folds copy).
    let state = baseState(view.state.sessionId, page[0]!.seq);
    for (const event of events) state = reduceInPlace(state, event);
    view.state = state;
    quoteCache = new Map();
    dispatch('history', { events: page });
    dispatch('change', { state: view.state });
    return true;
  };

  /** One page before the events held (at or after `from`). */
  const page = async (from: number | undefined): Promise<{ events: SessionEvent[]; more: boolean }> => {
    for (;;) {
      const frame = await ask(from);
      const first = firstSeq();
      if (prepend(frame)) return { events: frame.events.filter((event) => event.seq < first), more: frame.more };
    }
  };

  const hasOlder = (): boolean => firstSeq() > 1;

  return {
    reset(sessionId, pageBase, first) {
      base = pageBase;
      events = [];
      quotes.clear();
      quoteCache = new Map();
      for (const event of pageBase?.quoted ?? []) quotes.set(event.id, event);
      return baseState(sessionId, first);
    },
    held(event) {
      events.push(event);
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
      const request = frame.clientId === undefined ? undefined : requests.get(frame.clientId);
      if (!request) return false;
      const id = frame.clientId!;
      if (frame.code === ErrorCodes.RATE_LIMITED) {
        setTimeout(() => requests.has(id) && send(id, request), frame.retryAfterMs ?? 1000);
        return true;
      }
      requests.delete(id);
      request.reject(new SessionChatError(frame.code as ErrorCode, frame.message, { clientId: id }));
      return true;
    },
    failAll(error) {
      const waiting = [...requests.values()];
      requests.clear();
      for (const request of waiting) request.reject(error);
    },
    get hasOlder() {
      return hasOlder();
    },
    get loading() {
      return requests.size > 0;
    },
    loadOlder() {
      if (!hasOlder()) return Promise.resolve([]);
      older ??= page(undefined)
        .then((loaded) => loaded.events)
        .finally(() => (older = null));
      return older;
    },
    async load({ from, to = Infinity }) {
      if (from !== undefined && to <= from) return [];
      // The events held are one run up to the newest: everything from `from` on is loaded.
      while (hasOlder() && (from === undefined || events.length === 0 || events[0]!.at >= from)) {
        const { more } = await page(from);
        if (!more && from !== undefined) break;
      }
      return events.filter((event) => (from === undefined || event.at >= from) && event.at < to);
    },
    quoted(id) {
      if (quoteCache.has(id)) return quoteCache.get(id);
      const original = quotes.get(id);
      let message: ChatMessage | undefined;
      if (original) {
        let state = reduce(initialState(view.state.sessionId), original);
        for (const event of events) {
          if ((event.type === 'message.edited' || event.type === 'message.deleted') && event.target === id) state = reduce(state, event);
        }
        message = state.messages[0];
      }
      quoteCache.set(id, message);
      return message;
    },
  };
}
