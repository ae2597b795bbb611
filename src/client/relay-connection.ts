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

/**
 * The socket to the relay and its life: opens it, sends the hello, reconnects with full-jitter
 * backoff (at once when the browser comes back online), asks the relay over HTTP why an upgrade
 * failed, and watches for silence. Knows nothing of the session's contents.
 */
export class RelayConnection {
  private readonly server: string;
  private readonly sessionId: string;
  private readonly token: string;
  private readonly WebSocketImpl: WebSocketConstructor;
  readonly backoff: Backoff;
  private readonly watchdogMs: number;
  private readonly hooks: ConnectionHooks;
  private socket: WebSocketLike | null = null;
  private connection: ConnectionState = 'idle';
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private watchdogTimer: ReturnType<typeof setTimeout> | undefined;
  private watchdogPinged = false;
  private readonly onOnline = (): void => {
    if (this.connection === 'reconnecting') this.retryNow();
  };

  constructor(options: SessionClientOptions, sessionId: string, hooks: ConnectionHooks) {
    this.server = options.server;
    this.token = options.token;
    this.sessionId = sessionId;
    this.hooks = hooks;
    const Impl = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
    if (!Impl) throw new TypeError('No WebSocket implementation: pass one as the "WebSocket" option (e.g. the ws package)');
    this.WebSocketImpl = Impl;
    this.backoff = new Backoff(options.backoff?.minMs ?? 500, options.backoff?.maxMs ?? 20_000, options.random);
    this.watchdogMs = options.watchdogMs ?? 25_000;
  }

  get state(): ConnectionState {
    return this.connection;
  }

  /** True while joined and the socket can take a frame. */
  get writable(): boolean {
    return this.connection === 'live' && this.open;
  }

  private get open(): boolean {
    return this.socket !== null && this.socket.readyState === OPEN;
  }

  setState(next: ConnectionState): void {
    const previous = this.connection;
    if (previous === next) return;
    this.connection = next;
    this.hooks.changed(next, previous);
  }

  /** Starts connecting (from `idle` or `closed`). */
  start(): void {
    if (typeof window !== 'undefined') window.addEventListener('online', this.onOnline);
    this.setState('connecting');
    this.openSocket();
  }

  /** Sends one frame now; false when the socket cannot take it (its close reconnects). */
  send(frame: ClientFrame): boolean {
    const socket = this.socket;
    if (!socket || socket.readyState !== OPEN) return false;
    try {
      socket.send(encodeClientFrame(frame));
      return true;
    } catch {
      return false;
    }
  }

  /** Drops the socket with `code`; its close resumes from what the client holds. */
  drop(code: number, reason: string): void {
    this.socket?.close(code, reason);
  }

  /** Leaves: closes the socket and stops reconnecting. */
  close(): void {
    if (typeof window !== 'undefined') window.removeEventListener('online', this.onOnline);
    this.stopTimers();
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      this.detach(socket);
      try {
        socket.close(1000, 'client closed');
      } catch {
        /* already closing */
      }
    }
  }

  stopTimers(): void {
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    this.clearWatchdog();
  }

  private openSocket(): void {
    let socket: WebSocketLike;
    try {
      socket = new this.WebSocketImpl(socketUrl(this.server, this.sessionId, this.token));
    } catch (error) {
      this.hooks.terminal(new SessionChatError(ErrorCodes.CONNECTION_LOST, `cannot open a socket: ${String(error)}`));
      return;
    }
    this.socket = socket;
    let welcomed = false;
    socket.onopen = () => {
      const hello = this.hooks.hello();
      this.hooks.pacer().opened();
      socket.send(encodeClientFrame(hello));
      this.armWatchdog();
    };
    socket.onmessage = (message) => {
      if (this.socket !== socket) return;
      this.armWatchdog();
      const data = message.data;
      if (typeof data !== 'string') return;
      let frame: ServerFrame;
      try {
        frame = parseServerFrame(data);
      } catch {
        return;
      }
      if (frame.type === 'welcome') welcomed = true;
      this.hooks.frame(frame);
    };
    socket.onerror = () => {
      /* the close event follows and decides */
    };
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.detach(socket);
      this.clearWatchdog();
      this.hooks.pacer().stop();
      void this.afterClose(event.code, event.reason, welcomed);
    };
  }

  private detach(socket: WebSocketLike): void {
    socket.onopen = null;
    socket.onmessage = null;
    socket.onclose = null;
    socket.onerror = null;
  }

  private async afterClose(code: number, reason: string, welcomed: boolean): Promise<void> {
    if (this.connection === 'closed') return;
    if (isTerminalClose(code)) {
      this.hooks.terminal(closeError(code, reason));
      return;
    }
    if (!welcomed) {
      // Browsers hide why an upgrade failed: ask the relay over HTTP whether the token is refused.
      const refusal = await this.diagnose();
      if (this.isClosed()) return;
      if (refusal) {
        this.hooks.terminal(refusal);
        return;
      }
    }
    this.setState('reconnecting');
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      if (this.connection === 'reconnecting') this.openSocket();
    }, this.backoff.next());
  }

  /** A typed refusal when the relay rejects the token for this session; null when it is just unreachable. */
  private async diagnose(): Promise<SessionChatError | null> {
    if (typeof fetch !== 'function') return null;
    try {
      const response = await fetch(httpUrl(this.server, `/api/sessions/${encodeURIComponent(this.sessionId)}/me`), {
        headers: { authorization: `Bearer ${this.token}` },
      });
      if (response.status !== 401 && response.status !== 403) return null;
      const body = (await response.json()) as { code?: number; message?: string; ended?: unknown };
      const code = typeof body.code === 'number' ? (body.code as ErrorCode) : ErrorCodes.TOKEN_INVALID;
      const ended = code === ErrorCodes.SESSION_ENDED ? parseEndNotice(body.ended) : undefined;
      return new SessionChatError(code, body.message ?? 'the relay refused the token', { ended });
    } catch {
      return null;
    }
  }

  /** Re-reads the state after an await (TypeScript narrows the field across it). */
  private isClosed(): boolean {
    return this.connection === 'closed';
  }

  private retryNow(): void {
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    this.openSocket();
  }

  /* ------------------------------------------------------------------ watchdog */

  /** Browsers cannot see WebSocket pings: after silence, ping the relay; after more silence, drop the socket. */
  private armWatchdog(): void {
    this.clearWatchdog();
    this.watchdogPinged = false;
    this.watchdogTimer = setTimeout(() => this.watchdogFired(), this.watchdogMs);
  }

  private watchdogFired(): void {
    const socket = this.socket;
    if (!socket) return;
    if (this.watchdogPinged) {
      try {
        socket.close(CloseCodes.HEARTBEAT_TIMEOUT, 'no answer from relay');
      } catch {
        /* ignore */
      }
      // Some implementations emit close late: reconnect now.
      this.socket = null;
      this.detach(socket);
      void this.afterClose(CloseCodes.HEARTBEAT_TIMEOUT, 'watchdog', true);
      return;
    }
    this.watchdogPinged = true;
    this.hooks.pacer().spend();
    try {
      socket.send(PING_FRAME);
    } catch {
      /* close follows */
    }
    this.watchdogTimer = setTimeout(() => this.watchdogFired(), this.watchdogMs);
  }

  private clearWatchdog(): void {
    if (this.watchdogTimer) clearTimeout(this.watchdogTimer);
    this.watchdogTimer = undefined;
  }
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
