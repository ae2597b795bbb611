import { STATUS_CODES, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { ErrorCodes } from '../src/protocol/index.js';
import { errorBody } from './auth.js';

const SECURITY_HEADERS = {
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
} as const;

/** The numbered code of each refusal answered by {@link sendJson}, for the relay's metrics. */
const refusalCodes = new WeakMap<ServerResponse, number>();

/** The code of the JSON refusal `res` was answered with (`{ code, … }` and a status of 400 or more), if any. */
export function refusalCodeOf(res: ServerResponse): number | undefined {
  return refusalCodes.get(res);
}

function codeOf(body: unknown): number | undefined {
  if (typeof body !== 'object' || body === null || !('code' in body)) return undefined;
  return typeof body.code === 'number' ? body.code : undefined;
}

/** Answers an HTTP request with JSON. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const json = JSON.stringify(body);
  if (status >= 400) {
    const code = codeOf(body);
    if (code !== undefined) refusalCodes.set(res, code);
  }
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    ...headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(json),
  });
  res.end(json);
}

/**
 * Refuses a request on the raw socket (an upgrade, or one Node's parser refused): a complete
 * HTTP response with a JSON body and `Connection: close`, then the socket is destroyed once
 * written.
 */
export function refuseUpgrade(socket: Duplex, status: number, body: unknown, head = false): void {
  if (socket.destroyed || !socket.writable) {
    socket.destroy();
    return;
  }
  const json = JSON.stringify(body);
  socket.once('finish', () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\n` +
      'Connection: close\r\n' +
      'Content-Type: application/json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(json)}\r\n` +
      'Cache-Control: no-store\r\n' +
      'X-Content-Type-Options: nosniff\r\n' +
      '\r\n' +
      (head ? '' : json),
  );
}

/** Parses a request target against a dummy base; `undefined` for anything unparsable. */
export function parseRequestUrl(target: string | undefined): URL | undefined {
  if (!target || !target.startsWith('/')) return undefined;
  try {
    return new URL(target, 'http://relay.invalid');
  } catch {
    return undefined;
  }
}

/** What Node's HTTP parser reports when a request's headers pass its limit (16 KiB by default). */
const HEADERS_TOO_LARGE = new Set(['HPE_HEADER_OVERFLOW', 'HPE_CHUNK_EXTENSIONS_OVERFLOW']);

/**
 * The server's `clientError` handler: the same JSON refusal `{ code, name, message }` as every
 * other, never a bare status. Headers over Node's limit (a 100 KB token in the URL or in
 * `Authorization`) get 431 REQUEST_TOO_LARGE; other unreadable requests 400 MALFORMED_REQUEST;
 * a request that took too long 408. A socket that can no longer be written is destroyed.
 */
export function refuseClientError(error: Error & { code?: string; rawPacket?: Buffer }, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  // The answer to a HEAD has no body (a client would read it as the next response).
  const head = error.rawPacket?.subarray(0, 5).toString('latin1') === 'HEAD ';
  if (error.code !== undefined && HEADERS_TOO_LARGE.has(error.code)) {
    refuseUpgrade(socket, 431, errorBody(ErrorCodes.REQUEST_TOO_LARGE, 'the request headers are too large (a token is a few hundred bytes)'), head);
  } else if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    refuseUpgrade(socket, 408, errorBody(ErrorCodes.MALFORMED_REQUEST, 'the request took too long'), head);
  } else {
    refuseUpgrade(socket, 400, errorBody(ErrorCodes.MALFORMED_REQUEST, 'the request could not be read'), head);
  }
}
