import { createHash, randomBytes } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { transferPipePath, type Role, type TransferPipeAddress, type TransferPipeRole } from '../../../src/protocol/index.js';
import { joinedClient } from './session-clients.js';

/** The URL of one end of a live transfer's relay pipe. */
export function pipeUrl(base: string, address: TransferPipeAddress, role: TransferPipeRole, token: string): string {
  const url = new URL(transferPipePath(address), base.replace(/^http/, 'ws'));
  url.searchParams.set('as', role);
  url.searchParams.set('token', token);
  return url.toString();
}

/** An open pipe end that records the text frames it got and how it closed. */
export interface PipeEnd {
  ws: WebSocket;
  texts: string[];
  closed: Promise<{ code: number; reason: string }>;
}

export function openPipeEnd(url: string): Promise<PipeEnd> {
  const ws = new WebSocket(url);
  const texts: string[] = [];
  ws.on('message', (data, isBinary) => {
    if (!isBinary) texts.push(data.toString());
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ ws, texts, closed }));
    ws.once('error', reject);
  });
}

/** A file's bytes made on the fly: `count` chunks, each one of a few random blocks, and its SHA-256 as sent. */
export function generatedFile(chunkBytes: number, count: number): { chunk(i: number): Buffer; size: number } {
  const blocks = Array.from({ length: 7 }, () => randomBytes(chunkBytes));
  return { chunk: (i) => blocks[i % blocks.length]!, size: chunkBytes * count };
}

/**
 * Sends `count` chunks with backpressure (at most `inFlight` bytes not yet handed to the
 * kernel), as a browser sender watching `bufferedAmount` would. Resolves with the SHA-256 (hex).
 */
export async function sendChunks(ws: WebSocket, file: { chunk(i: number): Buffer }, count: number, inFlight = 4 * 1024 * 1024): Promise<string> {
  const hash = createHash('sha256');
  for (let i = 0; i < count; i++) {
    const chunk = file.chunk(i);
    hash.update(chunk);
    while (ws.bufferedAmount > inFlight) await new Promise((resolve) => setTimeout(resolve, 2));
    if (ws.readyState !== WebSocket.OPEN) throw new Error(`the sender's socket closed after ${i} chunks`);
    ws.send(chunk, { binary: true });
  }
  return hash.digest('hex');
}

/** Hashes every binary frame the end receives until `size` bytes came. */
export function receiveBytes(ws: WebSocket, size: number, onProgress?: (received: number) => void): Promise<string> {
  const hash = createHash('sha256');
  let received = 0;
  return new Promise((resolve, reject) => {
    ws.on('message', (data: Buffer, isBinary) => {
      if (!isBinary) return;
      hash.update(data);
      received += data.length;
      onProgress?.(received);
      if (received === size) resolve(hash.digest('hex'));
      if (received > size) reject(new Error(`received ${received} bytes, more than ${size}`));
    });
    ws.once('close', () => received < size && reject(new Error(`closed after ${received} of ${size} bytes`)));
  });
}

/** Resident memory of a process, in bytes (Linux). */
export async function rssOf(pid: number): Promise<number> {
  const { readFile } = await import('node:fs/promises');
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024;
}

/** Total bytes of every file under `dir`. */
export async function bytesUnder(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += (await stat(join(entry.parentPath, entry.name))).size;
  }
  return total;
}

/**
 * A live transfer offered in `sessionId` by `sender` while `receivers` are online (each a
 * client joined for the moment): the transfer's id, which its pipes are addressed by.
 */
export async function offered(server: string, sessionId: string, sender: [string, Role], receivers: [string, Role][], name = 'disk.img'): Promise<string> {
  const others = await Promise.all(receivers.map(([id, role]) => joinedClient(server, sessionId, id, role)));
  const from = await joinedClient(server, sessionId, sender[0], sender[1]);
  try {
    return (await from.offerTransfer({ name, size: 1024 ** 3, type: 'application/octet-stream' })).id;
  } finally {
    from.close();
    for (const other of others) other.close();
  }
}
