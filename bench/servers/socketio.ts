/**
 * Baseline 2, Socket.IO 4 with rooms: websocket transport only, each socket joins the room
 * named in its handshake query, and `socket.to(room).emit('m', payload)` broadcasts.
 */
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { Server } from 'socket.io';
import type { StartedServer } from './types.js';

export async function start(): Promise<StartedServer> {
  const http = createServer();
  const io = new Server(http, { transports: ['websocket'], serveClient: false });
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
  const version = (createRequire(import.meta.url)('socket.io/package.json') as { version: string }).version;
  return {
    port: address.port,
    description: `socket.io ${version}`,
    close: () => new Promise<void>((resolve) => io.close(() => resolve())),
  };
}
