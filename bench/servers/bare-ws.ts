/**
 * Baseline 1, bare `ws`: parse each JSON message, broadcast the received text to the rest of
 * its room (room = URL path). Deliberately the straightforward code: `peer.send(text)` per
 * peer, so `ws` measures and UTF-8-encodes the string once per recipient.
 */
import { WebSocketServer, type WebSocket } from 'ws';
import type { StartedServer } from './types.js';

export async function start(): Promise<StartedServer> {
  const rooms = new Map<string, Set<WebSocket>>();
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => wss.once('listening', resolve));
  wss.on('connection', (ws, req) => {
    const name = (req.url ?? '/').split('?')[0]!;
    let room = rooms.get(name);
    if (!room) rooms.set(name, (room = new Set()));
    room.add(ws);
    const members = room;
    ws.on('message', (data) => {
      const text = data.toString();
      JSON.parse(text);
      for (const peer of members) if (peer !== ws) peer.send(text);
    });
    ws.on('close', () => {
      members.delete(ws);
      if (members.size === 0) rooms.delete(name);
    });
  });
  const address = wss.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return {
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close(() => resolve());
      }),
  };
}
