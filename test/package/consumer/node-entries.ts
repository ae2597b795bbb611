// A Node program (no DOM lib) that loads the client and the relay.
import WebSocket from 'ws';
import { SessionClient, type WebSocketConstructor } from 'session-chat/client';
import { createRelay, createToken, verifyToken, type RelayOptions } from 'session-chat/server';

// The `ws` package's default export fits the client's option as it is.
const Socket: WebSocketConstructor = WebSocket;

// A socket class whose close event has no numeric code is refused.
class WrongSocket {
  readyState = 0;
  onopen = null;
  onmessage = null;
  onerror = null;
  onclose: ((event: { code: string; reason: string }) => void) | null = null;
  send(data: string): void {
    console.log(data);
  }
  close(): void {}
}
// @ts-expect-error: close codes are numbers
const Wrong: WebSocketConstructor = WrongSocket;

const options: RelayOptions = { secret: 'a-long-random-secret', dataDir: './data' };
const relay = await createRelay(options);
const token = await createToken({ secret: 'a-long-random-secret', sessionId: 'S-1', role: 'customer', name: 'Ann', ttl: '1h' });
await verifyToken('a-long-random-secret', token, { sessionId: 'S-1' });
const client = new SessionClient({ server: relay.url, token, WebSocket: Socket });
client.addEventListener('uploads', (event) => console.log(event.detail.uploads.length));
await client.connect();
client.close();
await relay.close();
export { Wrong };
