import {
  CloseCodes,
  ErrorCodes,
  encodeClientFrame,
  isTerminalClose,
  parseEndNotice,
  parseServerFrame,
  PING_FRAME,
  SessionChatError,
  type ClientFrame,
  type ErrorCode,
  type HelloFrame,
  type IntentFrame,
  type ServerFrame,
} from '../protocol/index.js';
import { Backoff } from './backoff.js';
import { httpUrl, socketUrl } from './relay-url.js';
import type { SendPacer } from './send-pacer.js';
import type { ConnectionState, SessionClientOptions, WebSocketConstructor, WebSocketLike } from './types.js';

const OPEN = 1;

/** What the connection asks of the client it carries. */
export interface ConnectionHooks {
  /** The hello for a new socket. */
  hello(): HelloFrame;
  /** What paces every frame sent: a new socket refills it, its close stops it, a ping counts. */
  pacer(): SendPacer<IntentFrame>;
  /** A frame arrived on the current socket. */
  frame(frame: ServerFrame): void;
  /** The relay refused for good: the client closes with this error. */
  terminal(error: SessionChatError): void;
  /** The connection's state changed. */
  changed(state: ConnectionState, previous: ConnectionState): void;
}

/** The socket to the relay, as the rest of the client sees it. */
export interface RelayConnection {
  readonly state: ConnectionState;
  /** True while joined and the socket can take a frame. */
  readonly writable: boolean;
  readonly backoff: Backoff;
  setState(next: ConnectionState): void;
  /** Starts connecting (from `idle` or `closed`). */
  start(): void;
  /** Sends one frame now; false when the socket cannot take it (its close reconnects). */
  send(frame: ClientFrame): boolean;
  /** Drops the socket with `code`; its close resumes from what the client holds. */
  drop(code: number, reason: string): void;
  /** Leaves: closes the socket and stops reconnecting. */
  close(): void;
  stopTimers(): void;
}

/**
 * The socket to the relay and its life: opens it, sends the hello, reconnects with full-jitter
 * backoff (at once when the browser comes back online), asks the relay over HTTP why an upgrade
 * failed, and watches for silence. Knows nothing of the session's contents. (A closure, not a
 * class: its state stays in locals, which the minifier shortens, in the widget's first load.)
 */
export function createRelayConnection(options: SessionClientOptions, sessionId: string, hooks: ConnectionHooks): RelayConnection {
  const { server, token } = options;
  const WebSocketImpl = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  if (!WebSocketImpl) throw new TypeError('No WebSocket implementation: pass one as the "WebSocket" option (e.g. the ws package)');
  const backoff = new Backoff(options.backoff?.minMs ?? 500, options.backoff?.maxMs ?? 20_000, options.random);
  const watchdogMs = options.watchdogMs ?? 25_000;
  let socket: WebSocketLike | null = null;
  let connection: ConnectionState = 'idle';
  let reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  let watchdogTimer: ReturnType<typeof setTimeout> | undefined;
  let watchdogPinged = false;
  const onOnline = (): void => {
    if (connection === 'reconnecting') retryNow();
  };

  const setState = (next: ConnectionState): void => {
    const previous = connection;
    if (previous === next) return;
    connection = next;
    hooks.changed(next, previous);
  };

  const stopTimers = (): void => {
    if (reconnectTimer) clearTimeout(reconnectTimer);
    reconnectTimer = undefined;
    clearWatchdog();
  };

  const openSocket = (): void => {
    let current: WebSocketLike;
    try {
      current = new WebSocketImpl(socketUrl(server, sessionId, token));
    } catch (error) {
      hooks.terminal(new SessionChatError(ErrorCodes.CONNECTION_LOST, `cannot open a socket: ${String(error)}`));
      return;
    }
    socket = current;
    let welcomed = false;
    current.onopen = () => {
      const hello = hooks.hello();
      hooks.pacer().opened();
      current.send(encodeClientFrame(hello));
      armWatchdog();
    };
    current.onmessage = (message) => {
      if (socket !== current) return;
      armWatchdog();
      const data = message.data;
      if (typeof data !== 'string') return;
      let frame: ServerFrame;
      try {
        frame = parseServerFrame(data);
      } catch {
        return;
      }
      if (frame.type === 'welcome') welcomed = true;
      hooks.frame(frame);
    };
    current.onerror = () => {
      /* the close event follows and decides */
    };
    current.onclose = (event) => {
      if (socket !== current) return;
      socket = null;
      detach(current);
      clearWatchdog();
      hooks.pacer().stop();
      void afterClose(event.code, event.reason, welcomed);
    };
  };

  const detach = (old: WebSocketLike): void => {
    old.onopen = null;
    old.onmessage = null;
    old.onclose = null;
    old.onerror = null;
  };

  const afterClose = async (code: number, reason: string, welcomed: boolean): Promise<void> => {
    if (connection === 'closed') return;
    if (isTerminalClose(code)) {
      hooks.terminal(closeError(code, reason));
      return;
    }
    if (!welcomed) {
      // Browsers hide why an upgrade failed: ask the relay over HTTP whether the token is refused.
      const refusal = await diagnose();
      if (isClosed()) return;
      if (refusal) {
        hooks.terminal(refusal);
        return;
      }
    }
    setState('reconnecting');
    reconnectTimer = setTimeout(() => {
      reconnectTimer = undefined;
      if (connection === 'reconnecting') openSocket();
    }, backoff.next());
  };

  /** A typed refusal when the relay rejects the token for this session; null when it is just unreachable. */
  const diagnose = async (): Promise<SessionChatError | null> => {
    if (typeof fetch !== 'function') return null;
    try {
      const response = await fetch(httpUrl(server, `/api/sessions/${encodeURIComponent(sessionId)}/me`), {
        headers: { authorization: `Bearer ${token}` },
      });
      if (response.status !== 401 && response.status !== 403) return null;
      const body = (await response.json()) as { code?: number; message?: string; ended?: unknown };
      const code = typeof body.code === 'number' ? (body.code as ErrorCode) : ErrorCodes.TOKEN_INVALID;
      const ended = code === ErrorCodes.SESSION_ENDED ? parseEndNotice(body.ended) : undefined;
      return new SessionChatError(code, body.message ?? 'the relay refused the token', { ended });
    } catch {
      return null;
    }
  };

  /** Re-reads the state after an await (TypeScript narrows the variable across it). */
  const isClosed = (): boolean => connection === 'closed';

  const retryNow = (): void => {
    if (reconnectTimer) clearTimeout(reconnectTimer);
    reconnectTimer = undefined;
    openSocket();
  };

  /* ------------------------------------------------------------------ watchdog */

  /** Browsers cannot see WebSocket pings: after silence, ping the relay; after more silence, drop the socket. */
  const armWatchdog = (): void => {
    clearWatchdog();
    watchdogPinged = false;
    watchdogTimer = setTimeout(watchdogFired, watchdogMs);
  };

  const watchdogFired = (): void => {
    const current = socket;
    if (!current) return;
    if (watchdogPinged) {
      try {
        current.close(CloseCodes.HEARTBEAT_TIMEOUT, 'no answer from relay');
      } catch {
        /* ignore */
      }
      // Some implementations emit close late: reconnect now.
      socket = null;
      detach(current);
      void afterClose(CloseCodes.HEARTBEAT_TIMEOUT, 'watchdog', true);
      return;
    }
    watchdogPinged = true;
    hooks.pacer().spend();
    try {
      current.send(PING_FRAME);
    } catch {
      /* close follows */
    }
    watchdogTimer = setTimeout(watchdogFired, watchdogMs);
  };

  const clearWatchdog = (): void => {
    if (watchdogTimer) clearTimeout(watchdogTimer);
    watchdogTimer = undefined;
  };

  return {
    get state() {
      return connection;
    },
    get writable() {
      return connection === 'live' && socket !== null && socket.readyState === OPEN;
    },
    backoff,
    setState,
    start() {
      if (typeof window !== 'undefined') window.addEventListener('online', onOnline);
      setState('connecting');
      openSocket();
    },
    send(frame) {
      const current = socket;
      if (!current || current.readyState !== OPEN) return false;
      try {
        current.send(encodeClientFrame(frame));
        return true;
      } catch {
        return false;
      }
    },
    drop(code, reason) {
      socket?.close(code, reason);
    },
    close() {
      if (typeof window !== 'undefined') window.removeEventListener('online', onOnline);
      stopTimers();
      const current = socket;
      socket = null;
      if (current) {
        detach(current);
        try {
          current.close(1000, 'client closed');
        } catch {
          /* already closing */
        }
      }
    },
    stopTimers,
  };
}

function closeError(code: number, reason: string): SessionChatError {
  switch (code) {
    case CloseCodes.TOKEN_EXPIRED:
      return new SessionChatError(ErrorCodes.TOKEN_EXPIRED, reason || 'the token expired');
    case CloseCodes.SESSION_ENDED:
      return new SessionChatError(ErrorCodes.SESSION_ENDED, reason || 'the session has ended');
    case CloseCodes.UNSUPPORTED_VERSION:
      return new SessionChatError(ErrorCodes.UNSUPPORTED_VERSION, reason || 'unsupported protocol version');
    default:
      return new SessionChatError(ErrorCodes.FORBIDDEN, reason || 'the relay closed the connection');
  }
}
