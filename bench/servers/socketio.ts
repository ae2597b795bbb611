/**
 * Baseline 2, Socket.IO 4 with rooms: websocket transport only, each socket joins the room
 * named in its handshake query, and `socket.to(room).emit('m', payload)` broadcasts. With
 * `--redis=URL`, a member of a Socket.IO cluster: `@socket.io/redis-adapter` on ioredis carries
 * every broadcast to the other members (Redis pub/sub).
 */
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import { Server } from 'socket.io';
import type { StartedServer } from './types.js';

export async function start(args: readonly string[] = []): Promise<StartedServer> {
  const redis = args.find((a) => a.startsWith('--redis='))?.slice('--redis='.length);
  const http = createServer();
  const io = new Server(http, { transports: ['websocket'], serveClient: false });
  const clients: Redis[] = [];
  if (redis) {
    const pub = new Redis(redis);
    const sub = pub.duplicate();
    clients.push(pub, sub);
    io.adapter(createAdapter(pub, sub));
  }
  io.on('connection', (socket) => {
    const room = String(socket.handshake.query.room ?? 'default');
    void socket.join(room);
    socket.on('m', (payload: unknown) => {
      socket.to(room).emit('m', payload);
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const address = http.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  const require = createRequire(import.meta.url);
  const version = (name: string): string => (require(`${name}/package.json`) as { version: string }).version;
  return {
    port: address.port,
    description: `socket.io ${version('socket.io')}${redis ? `, @socket.io/redis-adapter ${version('@socket.io/redis-adapter')} on ioredis ${version('ioredis')}` : ''}`,
    close: async () => {
      await new Promise<void>((resolve) => io.close(() => resolve()));
      for (const c of clients) c.disconnect();
    },
  };
}
