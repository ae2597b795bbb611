/** The WebSocket URL of a session on a relay whose base URL is `server` (http, https, ws or wss). */
export function socketUrl(server: string, sessionId: string, token: string): string {
  const url = new URL(server);
  url.protocol = url.protocol === 'https:' || url.protocol === 'wss:' ? 'wss:' : 'ws:';
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/ws/${encodeURIComponent(sessionId)}`;
  url.search = `?token=${encodeURIComponent(token)}`;
  url.hash = '';
  return url.toString();
}

/** An HTTP URL under the relay's base URL. */
export function httpUrl(server: string, path: string): string {
  const url = new URL(server);
  url.protocol = url.protocol === 'wss:' ? 'https:' : url.protocol === 'ws:' ? 'http:' : url.protocol;
  url.pathname = `${url.pathname.replace(/\/+$/, '')}${path}`;
  url.search = '';
  url.hash = '';
  return url.toString();
}
