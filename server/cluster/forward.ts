import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect as netConnect, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { connect as tlsConnect } from 'node:tls';
import type { Logger } from 'pino';
import { ErrorCodes } from '../../src/protocol/index.js';
import { errorBody } from '../auth.js';
import { refuseUpgrade, sendJson } from '../http-response.js';
import { RelayError, RelayErrorCodes } from '../relay-error.js';

const timedOut = (): RelayError => new RelayError(RelayErrorCodes.PEER_UNREACHABLE, 'the relay process holding the session did not answer in time');

/**
 * Set on what one relay process passes to another. A process that receives a forwarded socket
 * or request for a session it does not hold answers 503 instead of passing it on again, so a
 * lease that moved meanwhile never makes a loop; the client retries and lands right.
 */
export const FORWARDED_HEADER = 'x-session-chat-forwarded';

/** How long connecting to the holding process may take before the client is told to retry. */
const CONNECT_TIMEOUT_MS = 3_000;

/** Sockets of one relay joined to another process right now (its `session_chat_sockets_forwarded` gauge). */
export interface ForwardCount {
  open: number;
}

export function isForwarded(req: IncomingMessage): boolean {
  return req.headers[FORWARDED_HEADER] !== undefined;
}

function unavailable(): unknown {
  return errorBody(ErrorCodes.RELAY_UNAVAILABLE, 'the relay process holding this session cannot be reached; retry');
}

/** The request's head as it arrived (same method, target and headers), marked as forwarded. */
function requestHead(req: IncomingMessage): string {
  let head = `${req.method ?? 'GET'} ${req.url ?? '/'} HTTP/1.1\r\n`;
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) head += `${raw[i]}: ${raw[i + 1]}\r\n`;
  return `${head}${FORWARDED_HEADER}: 1\r\n\r\n`;
}

/**
 * Passes a WebSocket upgrade to the process that holds its session: the request goes there as
 * it came (that process checks the token and the origin again and answers the upgrade), then
 * the two sockets are joined byte for byte until either side closes. Frames are not parsed
 * here: pings, closes and every event go end to end. If the holder cannot be reached: 503.
 */
export function forwardUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, ownerUrl: string, logger: Logger, count: ForwardCount): void {
  const target = new URL(ownerUrl);
  const port = Number(target.port) || (target.protocol === 'https:' ? 443 : 80);
  const upstream: Socket =
    target.protocol === 'https:'
      ? tlsConnect({ host: target.hostname, port, servername: target.hostname })
      : netConnect({ host: target.hostname, port });
  let connected = false;
  const timer = setTimeout(() => upstream.destroy(timedOut()), CONNECT_TIMEOUT_MS);
  upstream.once(target.protocol === 'https:' ? 'secureConnect' : 'connect', () => {
    connected = true;
    clearTimeout(timer);
    upstream.setNoDelay(true);
    upstream.write(requestHead(req));
    if (head.length > 0) upstream.write(head);
    upstream.pipe(socket);
    socket.pipe(upstream);
    count.open++;
    upstream.once('close', () => count.open--);
  });
  upstream.on('error', (error) => {
    clearTimeout(timer);
    if (!connected) {
      logger.warn({ err: error, ownerUrl }, 'the relay process holding a session cannot be reached');
      if (!socket.destroyed) refuseUpgrade(socket, 503, unavailable());
      return;
    }
    socket.destroy();
  });
  upstream.on('close', () => socket.destroy());
  socket.on('error', () => upstream.destroy());
  socket.on('close', () => upstream.destroy());
}

/**
 * Passes an HTTP request (`/api/sessions/:id/…`) to the process that holds its session and
 * streams the answer back: uploads, downloads with ranges and the end route work wherever the
 * load balancer sent them. If the holder cannot be reached before answering: 503.
 */
export function forwardRequest(req: IncomingMessage, res: ServerResponse, ownerUrl: string, logger: Logger): void {
  const target = new URL(ownerUrl);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) headers[name] = value;
  headers[FORWARDED_HEADER] = '1';
  const upstream = send({
    host: target.hostname,
    port: target.port || undefined,
    method: req.method,
    path: req.url,
    headers,
    timeout: CONNECT_TIMEOUT_MS,
  });
  upstream.on('timeout', () => upstream.destroy(timedOut()));
  upstream.on('response', (answer) => {
    upstream.setTimeout(0);
    res.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
    answer.pipe(res);
    answer.on('error', () => res.destroy());
  });
  upstream.on('error', (error) => {
    if (!res.headersSent) {
      logger.warn({ err: error, ownerUrl }, 'the relay process holding a session cannot be reached');
      sendJson(res, 503, unavailable(), { 'Retry-After': '1' });
    } else {
      res.destroy();
    }
  });
  req.pipe(upstream);
  res.on('close', () => {
    if (!res.writableFinished) upstream.destroy();
  });
}
