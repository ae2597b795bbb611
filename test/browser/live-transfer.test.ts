/**
 * Live transfers between two participants in real Chromium: a direct WebRTC data channel on
 * loopback (the relay carries only the signals), and the fall back to the relay's pipe when ICE
 * cannot find a path (no candidates: TURN only, with no TURN server). The file arrives whole and
 * checked either way, written chunk by chunk to a sink that holds nothing.
 */
import { expect } from '@open-wc/testing';
import { LiveTransfers } from '../../src/client/live-transfers/live-transfers.js';
import type { TransferSink } from '../../src/client/live-transfers/transfer-receiver.js';
import type { SessionClient } from '../../src/client/index.js';
import { joinAs, newSessionId } from './support/relay.js';

const MiB = 1024 * 1024;

/** A file of random bytes (made 64 KiB at a time, the most `getRandomValues` fills at once). */
function randomFile(size: number): File {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i += 65536) crypto.getRandomValues(bytes.subarray(i, i + 65536));
  return new File([bytes], 'trace.bin', { type: 'application/octet-stream' });
}

async function sha256Hex(blob: Blob): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Counts what is written; keeps nothing. */
function countingSink(): TransferSink & { bytes: number; closed: boolean } {
  const sink = {
    bytes: 0,
    closed: false,
    write: async (chunk: Uint8Array) => void (sink.bytes += chunk.length),
    close: async () => void (sink.closed = true),
    abort: async () => undefined,
  };
  return sink;
}

describe('live transfers in the browser', () => {
  let clients: SessionClient[] = [];
  let transfers: LiveTransfers[] = [];
  afterEach(() => {
    for (const t of transfers) t.close();
    for (const c of clients) c.close();
    transfers = [];
    clients = [];
  });

  async function pair(options: ConstructorParameters<typeof LiveTransfers>[1] = {}) {
    const session = newSessionId();
    const tom = await joinAs(session, { role: 'technician', name: 'Tom' });
    const ann = await joinAs(session, { role: 'customer', name: 'Ann' });
    clients.push(tom, ann);
    const [from, to] = [new LiveTransfers(tom, options), new LiveTransfers(ann, options)];
    transfers.push(from, to);
    return { from, to };
  }

  for (const [label, options, path] of [
    ['peer to peer over a WebRTC data channel', { directTimeoutMs: 8000 }, 'direct'],
    ['through the relay when ICE finds no path', { directTimeoutMs: 1500, iceTransportPolicy: 'relay' as const }, 'relay'],
  ] as const) {
    it(`sends 24 MiB ${label}, checked by SHA-256`, async () => {
      const { from, to } = await pair(options);
      const file = randomFile(24 * MiB);
      const sink = countingSink();
      const received = new Promise<{ sha256: string; path: string | null }>((resolve, reject) =>
        to.addEventListener('incoming', (e) => {
          const incoming = e.detail.transfer;
          incoming.accept(sink).then(({ sha256 }) => resolve({ sha256, path: incoming.path }), reject);
        }),
      );
      const outgoing = await from.send(file);
      const got = await received;
      expect(await outgoing.done).to.equal('completed');
      expect(got.sha256).to.equal(await sha256Hex(file));
      expect(got.path).to.equal(path);
      expect(outgoing.receivers[0]!.path).to.equal(path);
      expect(sink.bytes).to.equal(file.size);
      expect(sink.closed).to.equal(true);
    });
  }
});
