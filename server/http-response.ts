import { STATUS_CODES, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

const SECURITY_HEADERS = {
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
} as const;

/** Answers an HTTP request with JSON. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const json = JSON.stringify(body);
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    ...headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(json),
  });
  res.end(json);
}

/**
 * Refuses an upgrade on the raw socket: a complete HTTP response with a JSON body and
 * `Connection: close`, then the socket is destroyed once written.
 */
export function refuseUpgrade(socket: Duplex, status: number, body: unknown): void {
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
      json,
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
