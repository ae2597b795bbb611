import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { WebSocket } from 'ws';
import { FileHasher, sha256Hasher } from '../../src/client/live-transfers/file-hasher.js';
import { LiveTransfers } from '../../src/client/live-transfers/live-transfers.js';
import { pipeChannel, type TransferChannel } from '../../src/client/live-transfers/transfer-channel.js';
import { TransferReceiver, type TransferSink } from '../../src/client/live-transfers/transfer-receiver.js';
import { TransferInterrupted, TransferSender } from '../../src/client/live-transfers/transfer-sender.js';
import { ErrorCodes, type SessionChatError, type TransferPipeAddress } from '../../src/protocol/index.js';
import { startRelay, tempDirs, tokenFor, type TestRelay } from './support/relay-harness.js';
import { joinedClient, until } from './support/session-clients.js';
import { offered, pipeUrl } from './support/transfer-pipes.js';

// The live transfer's two ends (the widget's engine) over real relay pipes: the file arrives
// whole and checked, a dropped connection resumes from the last written byte, either end can
// cancel, and a copy that does not match is refused.

const MiB = 1024 * 1024;

/** A sink writing to a file on disk, as the browser's writable file stream would. */
async function fileSink(path: string, failAt = Infinity): Promise<TransferSink & { writes: number }> {
  const handle = await open(path, 'w');
  const sink = {
    writes: 0,
    async write(chunk: Uint8Array) {
      if (++sink.writes >= failAt) throw new Error('disk full');
      await handle.write(chunk);
    },
    close: () => handle.close(),
    async abort() {
      await handle.close().catch(() => undefined);
    },
  };
  return sink;
}

function openSocket(url: string): Promise<WebSocket> {
  const ws = new WebSocket(url);
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

describe('live transfer engine over relay pipes', () => {
  let r: TestRelay;
  const dirs = tempDirs();
  before(async () => {
    r = await startRelay({ liveTransferBytesPerSecond: 0 });
  });
  after(() => r.close());

  /** Both ends of one receiver's pipe, as channels. */
  async function pipes(address: TransferPipeAddress): Promise<{ send: TransferChannel; receive: TransferChannel; sockets: WebSocket[] }> {
    const receiveWs = await openSocket(pipeUrl(r.relay.url, address, 'receive', await tokenFor(address.sessionId, address.receiverId, 'customer')));
    const receive = pipeChannel(receiveWs as unknown as Parameters<typeof pipeChannel>[0]);
    const sendWs = await openSocket(pipeUrl(r.relay.url, address, 'send', await tokenFor(address.sessionId, 'tom', 'technician')));
    const send = pipeChannel(sendWs as unknown as Parameters<typeof pipeChannel>[0]);
    return { send, receive, sockets: [sendWs, receiveWs] };
  }

  it('sends 48 MiB whole and checked, and resumes from the last written byte after the connection drops', async () => {
    const s = 'engine-resume';
    const address = { sessionId: s, transferId: await offered(r.relay.url, s, ['tom', 'technician'], [['cara', 'customer']]), receiverId: 'cara' };
    const bytes = randomBytes(48 * MiB);
    const file = new Blob([bytes]);
    const sender = new TransferSender(file, new FileHasher(file, await sha256Hasher()));
    const path = join(await dirs.make(), 'copy.bin');
    const receiver = new TransferReceiver(file.size, await fileSink(path), await sha256Hasher());

    const first = await pipes(address);
    let dropped = false;
    const sending = sender.run(first.send, { chunkBytes: 256 * 1024 });
    const receiving = receiver.run(first.receive, (written) => {
      if (!dropped && written >= 20 * MiB) {
        dropped = true;
        first.sockets[1]!.terminate(); // the receiver's network goes
      }
    });
    const [sentFirst, gotFirst] = await Promise.allSettled([sending, receiving]);
    assert.ok(gotFirst.status === 'rejected' && gotFirst.reason instanceof TransferInterrupted);
    assert.ok(sentFirst.status === 'rejected' && sentFirst.reason instanceof TransferInterrupted);
    const resumedAt = receiver.written;
    assert.ok(resumedAt >= 20 * MiB && resumedAt < 48 * MiB, `resumes at ${resumedAt}`);

    const second = await pipes(address);
    const [sent, got] = await Promise.all([sender.run(second.send, { chunkBytes: 256 * 1024 }), receiver.run(second.receive)]);
    const expected = createHash('sha256').update(bytes).digest('hex');
    assert.equal(sent.sha256, expected);
    assert.equal(got.sha256, expected);
    assert.ok((await readFile(path)).equals(bytes), 'the copy on disk is the file');
    for (const ws of second.sockets) ws.close();
  });

  it('a receiver that cancels stops the sender with TRANSFER_CANCELLED; a failing disk fails the transfer', async () => {
    const s = 'engine-cancel';
    const address = { sessionId: s, transferId: await offered(r.relay.url, s, ['tom', 'technician'], [['cara', 'customer']]), receiverId: 'cara' };
    const file = new Blob([randomBytes(16 * MiB)]);
    const sender = new TransferSender(file, new FileHasher(file, await sha256Hasher()));
    const receiver = new TransferReceiver(file.size, await fileSink(join(await dirs.make(), 'c.bin')), await sha256Hasher());
    const ends = await pipes(address);
    const sending = sender.run(ends.send, { chunkBytes: 128 * 1024 });
    const receiving = receiver.run(ends.receive, (written) => {
      if (written >= 2 * MiB) void receiver.cancel('not needed');
    });
    const [sent, got] = await Promise.allSettled([sending, receiving]);
    assert.ok(sent.status === 'rejected' && sent.reason.code === ErrorCodes.TRANSFER_CANCELLED && /not needed/.test(sent.reason.message), 'the sender hears why');
    assert.ok(got.status === 'rejected' && got.reason.code === ErrorCodes.TRANSFER_CANCELLED);
    for (const ws of ends.sockets) ws.close();

    const t2 = { ...address, transferId: await offered(r.relay.url, s, ['tom', 'technician'], [['cara', 'customer']]) };
    const other = await pipes(t2);
    const full = new TransferReceiver(file.size, await fileSink(join(await dirs.make(), 'd.bin'), 5), await sha256Hasher());
    const sender2 = new TransferSender(file, new FileHasher(file, await sha256Hasher()));
    const failing = full.run(other.receive);
    const sending2 = sender2.run(other.send, { chunkBytes: 128 * 1024 });
    const sending2Settled = Promise.allSettled([sending2]);
    await assert.rejects(failing, (e: SessionChatError) => e.code === ErrorCodes.TRANSFER_FAILED && /disk full/.test(e.message));
    other.receive.sendControl({ type: 'cancel', reason: 'the disk is full' });
    const [sent2] = await sending2Settled;
    assert.ok(sent2.status === 'rejected' && sent2.reason.code === ErrorCodes.TRANSFER_CANCELLED);
    for (const ws of other.sockets) ws.close();
  });

  it('a copy corrupted on the way is caught by the receiver\'s SHA-256 check, and neither end takes it as done', async () => {
    const s = 'engine-hash';
    const address = { sessionId: s, transferId: await offered(r.relay.url, s, ['tom', 'technician'], [['cara', 'customer']]), receiverId: 'cara' };
    const file = new Blob([randomBytes(4 * MiB)]);
    const sender = new TransferSender(file, new FileHasher(file, await sha256Hasher()));
    const receiver = new TransferReceiver(file.size, await fileSink(join(await dirs.make(), 'h.bin')), await sha256Hasher());
    const ends = await pipes(address);
    // One bit of the third chunk flips between the sender's read and the wire.
    let chunks = 0;
    const sendChunk = ends.send.sendChunk.bind(ends.send);
    ends.send.sendChunk = (chunk) => {
      const copy = chunk.slice();
      if (++chunks === 3) copy[100] = copy[100]! ^ 1;
      sendChunk(copy);
    };
    const [sent, got] = await Promise.allSettled([sender.run(ends.send, { chunkBytes: 256 * 1024 }), receiver.run(ends.receive)]);
    assert.ok(got.status === 'rejected' && got.reason.code === ErrorCodes.TRANSFER_FAILED && /SHA-256/.test(got.reason.message), String(got.status === 'rejected' && got.reason));
    assert.ok(sent.status === 'rejected' && sent.reason.code === ErrorCodes.TRANSFER_CANCELLED, 'the sender is told the copy does not match');
    for (const ws of ends.sockets) ws.close();
  });
});

describe('live transfers between participants (the relay path)', () => {
  let r: TestRelay;
  const dirs = tempDirs();
  before(async () => {
    r = await startRelay({ liveTransferBytesPerSecond: 0 });
  });
  after(() => r.close());

  it('Tom sends 32 MiB: Ann accepts and gets it checked, Bea declines; the log says how it ended', async () => {
    const s = 'engine-people';
    const tom = await joinedClient(r.relay.url, s, 'tom', 'technician', 'Tom');
    const ann = await joinedClient(r.relay.url, s, 'ann', 'customer', 'Ann');
    const bea = await joinedClient(r.relay.url, s, 'bea', 'customer', 'Bea');
    const [tomT, annT, beaT] = [tom, ann, bea].map((c) => new LiveTransfers(c, { WebSocket }));
    const bytes = randomBytes(32 * MiB);
    const path = join(await dirs.make(), 'ann.bin');
    const annDone = new Promise<{ sha256: string }>((resolve, reject) =>
      annT!.addEventListener('incoming', (e) => {
        assert.equal(e.detail.transfer.name, 'capture.mp4');
        assert.equal(e.detail.transfer.state, 'offered', 'nothing moves before Accept');
        void fileSink(path).then((sink) => e.detail.transfer.accept(sink).then(resolve, reject));
      }),
    );
    beaT!.addEventListener('incoming', (e) => e.detail.transfer.decline());
    const outgoing = await tomT!.send(Object.assign(new Blob([bytes], { type: 'video/mp4' }), { name: 'capture.mp4' }));
    const expected = createHash('sha256').update(bytes).digest('hex');
    assert.equal((await annDone).sha256, expected);
    assert.equal(await outgoing.done, 'completed');
    assert.deepEqual(outgoing.receivers.map((x) => [x.id, x.state]).sort(), [['ann', 'completed'], ['bea', 'declined']]);
    assert.ok((await readFile(path)).equals(bytes));
    await until(() => ann.state.messages.find((m) => m.id === outgoing.id)?.transfer?.ended !== null, 5000, 'the end is logged');
    const ended = ann.state.messages.find((m) => m.id === outgoing.id)!.transfer!.ended!;
    assert.equal(ended.sha256, expected);
    assert.deepEqual(ended.receivers.map((x) => [x.id, x.outcome]).sort(), [['ann', 'completed'], ['bea', 'declined']]);
    for (const t of [tomT, annT, beaT]) t!.close();
    for (const c of [tom, ann, bea]) c.close();
  });
});
