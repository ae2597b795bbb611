import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { WebSocket, type RawData } from 'ws';
import {
  CloseCodes,
  ErrorCodes,
  PONG_FRAME,
  PROTOCOL_VERSION,
  SessionChatError,
  encodeErrorFrame,
  parseClientFrame,
  peekClientId,
  type ClientFrame,
  type ErrorCode,
  type FrameLimits,
  type ParticipantInfo,
} from '../src/protocol/index.js';
import type { ExpiryClock, Expiring } from './expiry-clock.js';
import { frameBytes, type OutgoingFrame } from './frame-bytes.js';
import type { Heartbeat } from './heartbeat.js';
import { RateLimiter } from './rate-limiter.js';
import type { RelayMeter } from './relay-meter.js';
import type { SendBatcher } from './send-batcher.js';
import type { RoomMember, SessionRoom } from './session-room.js';
import type { TokenClaims } from './tokens.js';

/** Protocol violations (malformed, unknown, invalid, oversized frames) tolerated before closing with 4003. */
export const MAX_VIOLATIONS = 50;
/** Frames a socket may send while its join is being written; they are handled after the welcome. */
const MAX_QUEUED_WHILE_JOINING = 100;
/** How long a slow consumer's close handshake may take before the socket is dropped. */
const SLOW_CLOSE_GRACE_MS = 5_000;

const TEXT = { binary: false } as const;
const PONG = frameBytes(PONG_FRAME);

export interface ConnectionContext {
  limits: FrameLimits;
  maxFrameBytes: number;
  maxBufferedBytes: number;
  rateLimit: { perSecond: number; burst: number };
  heartbeat: Heartbeat;
  /** Closes sockets whose token expired (one timer for all). */
  expiry: ExpiryClock;
  sendBatcher: SendBatcher;
  logger: Logger;
  /** Counts the error frames sent (the relay's metrics). */
  meter?: RelayMeter;
  onClose(connection: Connection): void;
}

type ConnectionState = 'hello' | 'joining' | 'joined' | 'draining' | 'closed';

/** The connection of each socket, for the listeners all sockets share. */
const connectionOf = new WeakMap<WebSocket, Connection>();

/**
 * One upgraded socket: reads frames, enforces hello-first, size, rate and violation limits,
 * and hands intents to the session room. Nothing a client sends can throw out of here.
 */
export class Connection implements RoomMember, Expiring {
  readonly participant: ParticipantInfo;
  /** The page of this socket is hidden (the client said so). */
  away = false;
  private readonly ws: WebSocket;
  /** The upgraded TCP socket under `ws`, corked per tick by the send batcher. */
  private readonly socket: Duplex;
  private readonly room: SessionRoom;
  private readonly ctx: ConnectionContext;
  private readonly limiter: RateLimiter;
  private state: ConnectionState = 'hello';
  /** Frames that came before the welcome (made with the first one; none once welcomed). */
  private queued: Buffer[] | null = null;
  private violations = 0;
  private loggedParseFailure = false;
  /** Extra send-buffer room granted after a large welcome, until the buffer drains below the cap. */
  private allowance = 0;
  /** Position in the relay's expiry clock. */
  expiryIndex = -1;

  constructor(ws: WebSocket, socket: Duplex, claims: TokenClaims, room: SessionRoom, ctx: ConnectionContext) {
    this.ws = ws;
    this.socket = socket;
    this.room = room;
    this.ctx = ctx;
    this.participant = { id: claims.id, name: claims.name, role: claims.role };
    this.limiter = new RateLimiter(ctx.rateLimit.perSecond, ctx.rateLimit.burst);
    connectionOf.set(ws, this);
    ws.on('message', Connection.onSocketMessage);
    ws.on('close', Connection.onSocketClose);
    ws.on('error', Connection.onSocketError);
    room.attach(this);
    ctx.heartbeat.add(ws);
    ctx.expiry.add(this, claims.exp * 1000);
  }

  /** The token's `exp` has passed. */
  expire(): void {
    this.close(CloseCodes.TOKEN_EXPIRED, 'token expired');
  }

  /*
   * The same three listeners for every socket (`this` is the socket), instead of three
   * closures per connection: idle sockets are most of what a relay holds.
   */
  private static onSocketMessage(this: WebSocket, data: RawData, isBinary: boolean): void {
    connectionOf.get(this)?.onMessage(data, isBinary);
  }

  private static onSocketClose(this: WebSocket): void {
    connectionOf.get(this)?.onClose();
  }

  private static onSocketError(this: WebSocket, error: Error & { code?: string }): void {
    const connection = connectionOf.get(this);
    // ws closes the socket itself (e.g. 1009 above the hard frame cap, 1007 bad UTF-8).
    connection?.ctx.logger.warn({ code: error.code, message: error.message, sessionId: connection.room.sessionId }, 'socket error');
  }

  /* ---------------------------------------------------------------- RoomMember */

  /**
   * Sends a text frame, unless the socket is gone or reads so slowly that its buffer passed
   * the cap (then closes it, 4002). The buffer is measured at the first send of a tick, before
   * the socket is corked: what is still unsent then is what the reader did not take.
   *
   * A frame's wire bytes go straight to the TCP socket, in order with what `ws` writes there:
   * `ws` writes every frame synchronously, since the relay negotiates no compression
   * (`perMessageDeflate: false` in create-relay.ts) and sends no Blob, so its sender never
   * queues; and `ws.bufferedAmount` counts these bytes too (it reads the socket's buffer).
   */
  send(frame: OutgoingFrame): void {
    const ws = this.ws;
    if (ws.readyState !== WebSocket.OPEN) return;
    if (this.socket.writableCorked === 0) {
      const buffered = ws.bufferedAmount;
      if (buffered > this.ctx.maxBufferedBytes) {
        if (buffered > this.ctx.maxBufferedBytes + this.allowance) {
          this.closeSlowConsumer(buffered);
          return;
        }
      } else {
        this.allowance = 0;
      }
      this.ctx.sendBatcher.hold(this.socket);
    }
    if (typeof frame === 'string') ws.send(frame, TEXT);
    else this.socket.write(frame);
  }

  sendError(code: ErrorCode, message: string, clientId?: string, retryAfterMs?: number): void {
    this.ctx.meter?.refused(code);
    this.send(encodeErrorFrame(code, message, { clientId, retryAfterMs }));
  }

  close(code: number, reason: string): void {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) {
      this.ws.close(code, reason);
    }
  }

  /* ---------------------------------------------------------------- relay */

  /** Shutdown step 1: frames that arrive from now on are ignored. */
  stopReading(): void {
    if (this.state !== 'closed') this.state = 'draining';
  }

  get isClosed(): boolean {
    return this.state === 'closed';
  }

  terminate(): void {
    this.ws.terminate();
  }

  /* ---------------------------------------------------------------- reading */

  private onMessage(data: RawData, isBinary: boolean): void {
    try {
      if (this.state === 'closed' || this.state === 'draining') return;
      const bytes = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
      const retryAfterMs = this.limiter.take();
      if (retryAfterMs > 0) {
        // The dropped frame is not validated; its clientId (when it has one) names the intent.
        const clientId = isBinary ? undefined : peekClientId(bytes.toString('utf8'));
        this.sendError(ErrorCodes.RATE_LIMITED, 'too many frames; this one was dropped', clientId, retryAfterMs);
        return;
      }
      if (isBinary) {
        this.violation(ErrorCodes.MALFORMED_FRAME, 'binary frames are not accepted; send JSON text');
        return;
      }
      if (bytes.length > this.ctx.maxFrameBytes) {
        this.violation(ErrorCodes.FRAME_TOO_LARGE, `frame is larger than ${this.ctx.maxFrameBytes} bytes`);
        return;
      }
      if (this.state === 'joining') {
        this.queued ??= [];
        if (this.queued.length >= MAX_QUEUED_WHILE_JOINING) {
          this.sendError(ErrorCodes.RATE_LIMITED, 'too many frames before the welcome; this one was dropped', undefined, 100);
          return;
        }
        this.queued.push(bytes);
        return;
      }
      this.handle(bytes.toString('utf8'));
    } catch (error) {
      this.ctx.logger.warn({ err: error, sessionId: this.room.sessionId }, 'handling a frame failed');
      this.sendError(ErrorCodes.INTERNAL_ERROR, 'internal error');
    }
  }

  private handle(text: string): void {
    let frame: ClientFrame;
    try {
      frame = parseClientFrame(text, this.ctx.limits);
    } catch (error) {
      if (error instanceof SessionChatError) {
        this.violation(error.code, error.message, error.clientId);
        return;
      }
      // The validator only throws its typed error; should it ever not, the frame is still the
      // client's fault: a counted violation, logged once per socket (not once per frame).
      if (!this.loggedParseFailure) {
        this.loggedParseFailure = true;
        this.ctx.logger.warn({ err: error, sessionId: this.room.sessionId }, 'the frame validator threw an untyped error');
      }
      this.violation(ErrorCodes.MALFORMED_FRAME, 'frame could not be read');
      return;
    }
    switch (frame.type) {
      case 'ping':
        this.send(PONG);
        return;
      case 'hello':
        if (this.state !== 'hello') {
          this.sendError(ErrorCodes.ALREADY_JOINED, 'hello was already received on this socket');
          return;
        }
        if (frame.v !== PROTOCOL_VERSION) {
          this.sendError(ErrorCodes.UNSUPPORTED_VERSION, `this relay speaks protocol version ${PROTOCOL_VERSION}`);
          this.close(CloseCodes.UNSUPPORTED_VERSION, 'unsupported protocol version');
          return;
        }
        this.state = 'joining';
        this.room.hello(this, frame.resume, () => this.onWelcomed());
        return;
      case 'typing':
      case 'status':
      case 'receipt':
      case 'transfer-signal':
        // Ephemeral signals: nothing is logged or acked; before the welcome they mean nothing.
        if (this.state === 'joined') this.room.signal(this, frame);
        return;
      default:
        if (this.state !== 'joined') {
          this.violation(ErrorCodes.HELLO_REQUIRED, 'send hello first', frame.clientId);
          return;
        }
        if (frame.type === 'history') this.room.historyPage(this, frame);
        else this.room.intent(this, frame);
    }
  }

  private onWelcomed(): void {
    if (this.state !== 'joining') return;
    this.state = 'joined';
    // The welcome may be large (a whole log); let it drain without counting as slow reading.
    this.allowance = this.ws.bufferedAmount;
    const queued = this.queued ?? [];
    this.queued = null;
    for (const bytes of queued) {
      if (this.state !== 'joined') return;
      try {
        this.handle(bytes.toString('utf8'));
      } catch (error) {
        this.ctx.logger.warn({ err: error, sessionId: this.room.sessionId }, 'handling a frame failed');
        this.sendError(ErrorCodes.INTERNAL_ERROR, 'internal error');
      }
    }
  }

  private violation(code: ErrorCode, message: string, clientId?: string): void {
    this.sendError(code, message, clientId);
    this.violations++;
    if (this.violations >= MAX_VIOLATIONS) {
      // Frames already on their way are not read (nor answered, nor logged) any more.
      this.state = 'draining';
      this.ctx.logger.warn({ sessionId: this.room.sessionId, participant: this.participant.id }, 'closing a socket after too many protocol violations');
      this.close(CloseCodes.PROTOCOL_VIOLATION, 'too many invalid frames');
    }
  }

  /* ---------------------------------------------------------------- closing */

  private closeSlowConsumer(buffered: number): void {
    this.ctx.logger.warn({ sessionId: this.room.sessionId, participant: this.participant.id, buffered }, 'closing a slow consumer');
    this.state = 'draining';
    this.close(CloseCodes.SLOW_CONSUMER, 'reading too slowly; resume later');
    setTimeout(() => this.ws.terminate(), SLOW_CLOSE_GRACE_MS).unref();
  }

  private onClose(): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.queued = null;
    this.ctx.expiry.delete(this);
    this.ctx.heartbeat.delete(this.ws);
    this.room.detach(this);
    this.ctx.onClose(this);
  }
}
