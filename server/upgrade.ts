import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import type { WebSocket, WebSocketServer } from 'ws';
import { CloseCodes, ErrorCodes, parseTransferPipePath, pipeRefusal, type TransferPipeAddress, type TransferPipeRole } from '../src/protocol/index.js';
import { asSessionChatError, authenticate, decodeSessionId, errorBody, httpStatusOf } from './auth.js';
import { forwardUpgrade, isForwarded, type ForwardCount } from './cluster/forward.js';
import { parseRequestUrl, refuseUpgrade } from './http-response.js';
import { RelayError, RelayErrorCodes } from './relay-error.js';
import type { OriginPolicy } from './origin.js';
import type { RelayMeter } from './relay-meter.js';
import { checkRequest } from './request-policy.js';
import type { RoomRegistry } from './room-registry.js';
import type { SessionRoom } from './session-room.js';
import type { TokenClaims } from './tokens.js';
import type { TransferPipes } from './transfers/transfer-pipes.js';

export interface UpgradeContext {
  secret: string;
  originPolicy: OriginPolicy;
  registry: RoomRegistry;
  wss: WebSocketServer;
  logger: Logger;
  /** True once the relay drains: upgrades are refused (503) so clients reconnect elsewhere. */
  isClosing(): boolean;
  /** Counts the numbered refusals (the relay's metrics). */
  meter?: RelayMeter;
  /** Scale-out: sockets passed to the process holding their session, open now. */
  forwarded?: ForwardCount;
  /** Remembers the session's customer reference and language from a token that carries them (the first one wins). */
  rememberClaims?(sessionId: string, claims: TokenClaims): Promise<void>;
  onConnection(ws: WebSocket, socket: Duplex, claims: TokenClaims, room: SessionRoom): void;
  /** Live transfers through the relay (`liveTransferRelay`); without: refused with LIVE_TRANSFER_OFF. */
  transfers?: { wss: WebSocketServer; pipes: TransferPipes; onSocket(ws: WebSocket): void };
}

/** A live transfer's pipe end, from the path and `?as=`. */
interface PipeTarget {
  address: TransferPipeAddress;
  role: TransferPipeRole;
}

const SOCKET_PATH = '/ws/';

function ignoreSocketError(): void {
  // The client went away during the checks; the socket is destroyed by Node.
}

/**
 * The http `upgrade` handler of `/ws/:sessionId`. Every check happens before the upgrade,
 * so a refused browser never gets a socket: Origin (403 ORIGIN_FORBIDDEN), then the token
 * (401 TOKEN_MISSING / TOKEN_INVALID / TOKEN_EXPIRED / TOKEN_NO_EXPIRY, 403
 * TOKEN_WRONG_SESSION), then the session is loaded. Refusals are JSON HTTP responses.
 */
export function createUpgradeHandler(ctx: UpgradeContext): (req: IncomingMessage, socket: Duplex, head: Buffer) => void {
  const refuseWith = (socket: Duplex, status: number, code: number, message: string): void => {
    ctx.meter?.refused(code);
    refuseUpgrade(socket, status, errorBody(code, message));
  };
  const refuse = (socket: Duplex, code: number, message: string): void => refuseWith(socket, httpStatusOf(code), code, message);

  async function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on('error', ignoreSocketError);
    if (ctx.isClosing()) return refuseWith(socket, 503, ErrorCodes.INTERNAL_ERROR, 'the relay is shutting down');
    const url = parseRequestUrl(req.url);
    const pipePath = url ? parseTransferPipePath(url.pathname) : undefined;
    if (!url || (!url.pathname.startsWith(SOCKET_PATH) && !pipePath)) {
      return refuseWith(socket, 404, ErrorCodes.NOT_FOUND, 'no WebSocket endpoint here; use /ws/:sessionId');
    }
    const sessionId = decodeSessionId(pipePath ? pipePath.sessionSegment : url.pathname.slice(SOCKET_PATH.length));
    if (sessionId === undefined) {
      return refuseWith(socket, 400, ErrorCodes.INVALID_FIELD, 'the session id must be 1-128 characters');
    }
    let pipe: PipeTarget | undefined;
    if (pipePath) {
      if (!ctx.transfers) return refuse(socket, ErrorCodes.LIVE_TRANSFER_OFF, 'this relay does not carry live transfers (liveTransferRelay is off)');
      const role = url.searchParams.get('as');
      if (role !== 'send' && role !== 'receive') return refuse(socket, ErrorCodes.INVALID_FIELD, 'as must be send or receive');
      pipe = { address: { sessionId, transferId: pipePath.transferId, receiverId: pipePath.receiverId }, role };
    }
    const refusal = checkRequest(ctx.originPolicy, req, url, 'session');
    if (refusal) return refuse(socket, refusal.code, refusal.message);
    let claims: TokenClaims;
    try {
      claims = await authenticate(ctx.secret, req, url, sessionId);
    } catch (error) {
      const refusal = asSessionChatError(error);
      return refuse(socket, refusal.code, refusal.message);
    }
    let room: SessionRoom;
    try {
      room = await ctx.registry.get(sessionId);
    } catch (error) {
      if (ctx.isClosing()) return refuseWith(socket, 503, ErrorCodes.INTERNAL_ERROR, 'the relay is shutting down');
      if (error instanceof RelayError && error.code === RelayErrorCodes.SESSION_ELSEWHERE && error.ownerUrl !== undefined) {
        // Scale-out: another process holds the session; its sockets all meet there.
        if (isForwarded(req)) return refuseWith(socket, 503, ErrorCodes.RELAY_UNAVAILABLE, 'the session is moving between relay processes; retry');
        if (socket.destroyed) return;
        socket.removeListener('error', ignoreSocketError);
        forwardUpgrade(req, socket, head, error.ownerUrl, ctx.logger, ctx.forwarded ?? { open: 0 });
        return;
      }
      ctx.logger.error({ err: error, sessionId }, 'loading a session failed');
      return refuse(socket, ErrorCodes.STORAGE_FAILED, 'the session could not be loaded');
    }
    if (room.ended && claims.role === 'customer') {
      return refuse(socket, ErrorCodes.SESSION_ENDED, 'the session has ended');
    }
    if (pipe) {
      const refusal = pipeRefusal(room.transferOf(pipe.address.transferId), pipe.role, claims.id, pipe.address.receiverId) ?? ctx.transfers!.pipes.refusal(pipe.address, pipe.role, claims);
      if (refusal) return refuse(socket, refusal.code, refusal.message);
    }
    if ((claims.customer !== undefined || claims.lang !== undefined) && ctx.rememberClaims) {
      // A reference that cannot be stored does not keep anyone out of the session.
      await ctx.rememberClaims(sessionId, claims).catch((error: unknown) => ctx.logger.error({ err: error, sessionId }, 'storing the session\'s customer reference or language failed'));
    }
    if (socket.destroyed) return;
    socket.removeListener('error', ignoreSocketError);
    if (pipe) return upgradePipe(req, socket, head, pipe, claims, room);
    ctx.wss.handleUpgrade(req, socket, head, (ws) => {
      if (ctx.isClosing()) {
        ws.close(CloseCodes.SERVER_SHUTDOWN, 'relay shutting down');
        return;
      }
      if (room.unloaded) {
        ws.close(1013, 'try again');
        return;
      }
      ctx.onConnection(ws, socket, claims, room);
    });
  }

  function upgradePipe(req: IncomingMessage, socket: Duplex, head: Buffer, pipe: PipeTarget, claims: TokenClaims, room: SessionRoom): void {
    const transfers = ctx.transfers!;
    transfers.wss.handleUpgrade(req, socket, head, (ws) => {
      if (ctx.isClosing()) {
        ws.close(CloseCodes.SERVER_SHUTDOWN, 'relay shutting down');
        return;
      }
      transfers.onSocket(ws);
      transfers.pipes.attach(pipe.address, pipe.role, ws, socket, claims, () => room.ended);
    });
  }

  return (req, socket, head) => {
    upgrade(req, socket, head).catch((error: unknown) => {
      ctx.logger.warn({ err: error }, 'upgrade failed');
      refuseWith(socket, 500, ErrorCodes.INTERNAL_ERROR, 'internal error');
    });
  };
}
