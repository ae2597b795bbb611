import { WebSocketServer, type WebSocket } from 'ws';
import { MAX_TRANSFER_CHUNK_BYTES } from '../../src/protocol/index.js';
import type { Heartbeat } from '../heartbeat.js';
import { TransferPipes } from './transfer-pipes.js';
import type { TransferPipeLimits } from './transfer-pipe.js';

/** Unsent bytes a receiver's socket may hold before the relay stops reading the sender (and reads again below the low mark). */
export const PIPE_HIGH_WATER_BYTES = 2 * 1024 * 1024;
export const PIPE_LOW_WATER_BYTES = 512 * 1024;
/** How long one end of a pipe waits for the other. */
export const PIPE_PEER_WAIT_MS = 30_000;

/**
 * The relay's side of live transfers (`liveTransferRelay`): the pipes and the WebSocket server
 * their sockets upgrade through (frames up to one chunk, no compression: the bytes are a file's,
 * often compressed already, and deflating them would cost the relay CPU for nothing).
 */
export function createTransferRelay(bytesPerSecond: number, heartbeat: Heartbeat, limits: Partial<TransferPipeLimits> = {}) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_TRANSFER_CHUNK_BYTES, perMessageDeflate: false, clientTracking: false });
  const pipes = new TransferPipes({
    highWaterBytes: PIPE_HIGH_WATER_BYTES,
    lowWaterBytes: PIPE_LOW_WATER_BYTES,
    bytesPerSecond,
    controlsPerSecond: 50,
    peerWaitMs: PIPE_PEER_WAIT_MS,
    ...limits,
  });
  return {
    wss,
    pipes,
    /** Pipe sockets are pinged like the session's: a peer that vanished is dropped and its pipe freed. */
    onSocket(ws: WebSocket): void {
      heartbeat.add(ws);
      ws.once('close', () => heartbeat.delete(ws));
    },
  };
}
