import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CloseCodes, ErrorCodes, encodeTransferControl, type TransferPipeAddress } from '../../src/protocol/index.js';
import { childRelays } from './support/child-relay.js';
import { probeUpgrade } from './support/http-probe.js';
import { startRelay, tempDirs, tokenFor, type TestRelay } from './support/relay-harness.js';
import { joinedClient, until } from './support/session-clients.js';
import { bytesUnder, generatedFile, offered, openPipeEnd, pipeUrl, receiveBytes, rssOf, sendChunks } from './support/transfer-pipes.js';

// "Send directly (not stored)" when no direct path can be made: the relay pipes the bytes from
// the sender to one receiver, a few MB at a time, and stores nothing.

const MiB = 1024 * 1024;

describe('relay: a live transfer streamed through the relay', () => {
  const relays = childRelays();
  const dirs = tempDirs();

  it('carries 1 GiB from sender to receiver with equal hashes, bounded memory (a slow receiver included) and nothing on disk', async () => {
    const dataDir = await dirs.make();
    const relay = await relays.start(dataDir, { RELAY_TRANSFER_RATE: '0' });
    const transferId = await offered(relay.url, 'pipe-big', ['tom', 'technician'], [['cara', 'customer']]);
    const address: TransferPipeAddress = { sessionId: 'pipe-big', transferId, receiverId: 'cara' };
    const receiver = await openPipeEnd(pipeUrl(relay.url, address, 'receive', await tokenFor('pipe-big', 'cara', 'customer')));
    const sender = await openPipeEnd(pipeUrl(relay.url, address, 'send', await tokenFor('pipe-big', 'tom', 'technician')));
    await until(() => sender.texts.includes('{"type":"peer","connected":true}'), 5000, 'the sender hears the receiver is there');
    const diskBefore = await bytesUnder(dataDir);
    const rssBefore = await rssOf(relay.child.pid!);
    let rssMax = rssBefore;
    const sampler = setInterval(() => void rssOf(relay.child.pid!).then((rss) => (rssMax = Math.max(rssMax, rss)), () => {}), 50);

    // Node frees the chunks' memory on V8's external-memory schedule (about every 64 MiB
    // allocated), whatever the chunk size: 64 KiB and 256 KiB chunks both peaked at +42 MiB here.
    const chunkBytes = 256 * 1024;
    const count = (1024 * MiB) / chunkBytes; // 1 GiB
    const file = generatedFile(chunkBytes, count);
    let stalled = false;
    const received = receiveBytes(receiver.ws, file.size, (bytes) => {
      // A receiver that stops reading for a second at 100 MiB (a slow disk): the relay must
      // stop reading the sender instead of holding what comes.
      if (!stalled && bytes >= 100 * MiB) {
        stalled = true;
        receiver.ws.pause();
        setTimeout(() => receiver.ws.resume(), 1000);
      }
    });
    const started = performance.now();
    const [sent, got] = await Promise.all([sendChunks(sender.ws, file, count), received]);
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    assert.equal(got, sent, 'the receiver hashed what the sender sent');
    const growth = rssMax - rssBefore;
    assert.ok(growth < 50 * MiB, `the relay's RSS grew ${(growth / MiB).toFixed(1)} MiB for 1 GiB (bound 50)`);
    assert.ok((await bytesUnder(dataDir)) - diskBefore < 64 * 1024, 'nothing of the file was written to the relay\'s disk');
    process.stdout.write(`# 1 GiB relayed in ${seconds.toFixed(1)} s (${(1024 / seconds).toFixed(0)} MiB/s), relay RSS +${(growth / MiB).toFixed(1)} MiB\n`);
    sender.ws.close();
    receiver.ws.close();
  });
});

describe('relay: live transfer pipes, rules and refusals', () => {
  let r: TestRelay;
  before(async () => {
    r = await startRelay({ liveTransferBytesPerSecond: 4 * MiB });
  });
  after(() => r.close());

  const address = (sessionId: string, transferId: string, receiverId = 'cara'): TransferPipeAddress => ({ sessionId, transferId, receiverId });
  /** Tom offers a transfer to Cara (and Sam when asked), both online then. */
  const offer = (sessionId: string, withSam = false) =>
    offered(r.relay.url, sessionId, ['tom', 'technician'], withSam ? [['cara', 'customer'], ['sam', 'technician']] : [['cara', 'customer']]);
  const probe = async (a: TransferPipeAddress, role: 'send' | 'receive', participantId: string, role2: 'technician' | 'customer' = 'technician') =>
    probeUpgrade(pipeUrl(r.relay.url, a, role, await tokenFor(a.sessionId, participantId, role2)));

  it('passes control messages both ways, tells each end whether the other is there, and closes the other end when one leaves', async () => {
    const a = address('pipe-ctl', await offer('pipe-ctl'));
    const sender = await openPipeEnd(pipeUrl(r.relay.url, a, 'send', await r.token('pipe-ctl', 'tom', 'technician')));
    await until(() => sender.texts.length === 1, 5000, 'the waiting notice');
    assert.deepEqual(JSON.parse(sender.texts[0]!), { type: 'peer', connected: false });
    const receiver = await openPipeEnd(pipeUrl(r.relay.url, a, 'receive', await r.token('pipe-ctl', 'cara', 'customer')));
    await until(() => receiver.texts.length >= 1 && sender.texts.length >= 2, 5000, 'both hear they are paired');
    assert.deepEqual(JSON.parse(receiver.texts.at(-1)!), { type: 'peer', connected: true });
    receiver.ws.send(encodeTransferControl({ type: 'want', offset: 1234 }));
    await until(() => sender.texts.length === 3, 5000, 'want reaches the sender');
    assert.deepEqual(JSON.parse(sender.texts[2]!), { type: 'want', offset: 1234 });
    const sha256 = 'a'.repeat(64);
    sender.ws.send(encodeTransferControl({ type: 'end', size: 99, sha256 }));
    await until(() => receiver.texts.some((t) => t.includes('"end"')), 5000, 'end reaches the receiver');
    receiver.ws.close();
    assert.equal((await sender.closed).code, CloseCodes.TRANSFER_PEER_LEFT, 'the sender is told its receiver left, to resume later');

    // Both come back; the receiver resumes from its last written byte.
    const again = await openPipeEnd(pipeUrl(r.relay.url, a, 'receive', await r.token('pipe-ctl', 'cara', 'customer')));
    const senderAgain = await openPipeEnd(pipeUrl(r.relay.url, a, 'send', await r.token('pipe-ctl', 'tom', 'technician')));
    await until(() => senderAgain.texts.some((t) => t.includes('"connected":true')), 5000, 'paired again');
    again.ws.send(encodeTransferControl({ type: 'want', offset: 5000 }));
    await until(() => senderAgain.texts.some((t) => t.includes('"offset":5000')), 5000, 'the resume point reaches the sender');
    senderAgain.ws.close();
    assert.equal((await again.closed).code, CloseCodes.TRANSFER_PEER_LEFT);
  });

  it('closes an end that breaks the pipe protocol, and keeps running', async () => {
    const a = address('pipe-bad', await offer('pipe-bad'));
    const sender = await openPipeEnd(pipeUrl(r.relay.url, a, 'send', await r.token('pipe-bad', 'tom', 'technician')));
    const receiver = await openPipeEnd(pipeUrl(r.relay.url, a, 'receive', await r.token('pipe-bad', 'cara', 'customer')));
    receiver.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    assert.equal((await receiver.closed).code, CloseCodes.PROTOCOL_VIOLATION, 'a receiver never sends bytes');
    assert.equal((await sender.closed).code, CloseCodes.TRANSFER_PEER_LEFT);

    const second = address('pipe-bad', await offer('pipe-bad'));
    for (const text of ['{not json', '{"type":"want","offset":-1}', '{"type":"end","size":1,"sha256":"XYZ"}', '{"type":"want","offset":0}']) {
      const s = await openPipeEnd(pipeUrl(r.relay.url, second, 'send', await r.token('pipe-bad', 'tom', 'technician')));
      s.ws.send(text);
      const closed = await s.closed;
      assert.equal(closed.code, CloseCodes.PROTOCOL_VIOLATION, `${text} closes the sender (a sender never sends want)`);
    }
    const probeOk = await probe(address('pipe-bad', await offer('pipe-bad')), 'send', 'tom');
    assert.equal(probeOk.status, 101, 'the relay still takes pipes');
  });

  it('refuses forged tokens, the wrong receiver, sending to oneself, a second end, a stranger sender and a bad address, with typed errors', async () => {
    const a = address('pipe-auth', await offer('pipe-auth', true));
    const forged = await probeUpgrade(pipeUrl(r.relay.url, a, 'send', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.AAAA'));
    assert.equal(forged.status, 401);
    assert.equal((forged.body as { code: number }).code, ErrorCodes.TOKEN_INVALID);
    const wrongReceiver = await probe(a, 'receive', 'mallory', 'customer');
    assert.deepEqual([wrongReceiver.status, (wrongReceiver.body as { code: number }).code], [403, ErrorCodes.FORBIDDEN]);
    const toSelf = await probe(a, 'send', 'cara', 'customer');
    assert.deepEqual([toSelf.status, (toSelf.body as { code: number }).code], [403, ErrorCodes.FORBIDDEN]);

    const sender = await openPipeEnd(pipeUrl(r.relay.url, a, 'send', await r.token('pipe-auth', 'tom', 'technician')));
    const second = await probe(a, 'send', 'tom');
    assert.deepEqual([second.status, (second.body as { code: number }).code], [409, ErrorCodes.TRANSFER_BUSY]);
    const stranger = await probe(a, 'send', 'sam');
    assert.deepEqual([stranger.status, (stranger.body as { code: number }).code], [403, ErrorCodes.FORBIDDEN], 'only Tom, who offered it, sends it');
    const notOffered = await probe(address('pipe-auth', a.transferId, 'mallory'), 'receive', 'mallory', 'customer');
    assert.deepEqual([notOffered.status, (notOffered.body as { code: number }).code], [403, ErrorCodes.FORBIDDEN], 'it was not offered to Mallory');
    const unknown = await probe(address('pipe-auth', 'never-offered'), 'send', 'tom');
    assert.deepEqual([unknown.status, (unknown.body as { code: number }).code], [404, ErrorCodes.UNKNOWN_TARGET]);
    sender.ws.close();

    const noRole = await probeUpgrade(pipeUrl(r.relay.url, a, 'send', await r.token('pipe-auth', 'tom', 'technician')).replace('as=send', 'as=both'));
    assert.deepEqual([noRole.status, (noRole.body as { code: number }).code], [400, ErrorCodes.INVALID_FIELD]);
    const badId = await probeUpgrade(`${r.relay.url.replace('http', 'ws')}/transfer/pipe-auth/tr%201/cara?as=send&token=${await r.token('pipe-auth', 'tom', 'technician')}`);
    assert.equal(badId.status, 404);
  });

  it('holds a transfer to the byte rate set', async () => {
    const a = address('pipe-rate', await offer('pipe-rate'));
    const receiver = await openPipeEnd(pipeUrl(r.relay.url, a, 'receive', await r.token('pipe-rate', 'cara', 'customer')));
    const sender = await openPipeEnd(pipeUrl(r.relay.url, a, 'send', await r.token('pipe-rate', 'tom', 'technician')));
    await until(() => sender.texts.some((t) => t.includes('"connected":true')), 5000, 'paired');
    const file = generatedFile(256 * 1024, 48); // 12 MiB at 4 MiB/s, with a burst of 4 MiB: at least 2 s
    const started = performance.now();
    const [sent, got] = await Promise.all([sendChunks(sender.ws, file, 48, 512 * 1024), receiveBytes(receiver.ws, file.size)]);
    assert.equal(got, sent);
    const seconds = (performance.now() - started) / 1000;
    assert.ok(seconds >= 1.8, `12 MiB at 4 MiB/s took ${seconds.toFixed(2)} s, not less than 2 s`);
    sender.ws.close();
    receiver.ws.close();
  });

  it('closes a customer\'s pipe once the session ended, and refuses a customer of an ended session', async () => {
    const a = address('pipe-end', await offer('pipe-end'));
    const tom = await joinedClient(r.relay.url, 'pipe-end', 'tom', 'technician', 'Tom');
    const receiver = await openPipeEnd(pipeUrl(r.relay.url, a, 'receive', await r.token('pipe-end', 'cara', 'customer')));
    const sender = await openPipeEnd(pipeUrl(r.relay.url, a, 'send', await r.token('pipe-end', 'tom', 'technician')));
    await until(() => sender.texts.some((t) => t.includes('"connected":true')), 5000, 'paired');
    await tom.endSession();
    sender.ws.send(Buffer.alloc(1024), { binary: true });
    assert.equal((await receiver.closed).code, CloseCodes.SESSION_ENDED);
    assert.equal((await sender.closed).code, CloseCodes.SESSION_ENDED);
    const late = await probe(a, 'receive', 'cara', 'customer');
    assert.deepEqual([late.status, (late.body as { code: number }).code], [403, ErrorCodes.SESSION_ENDED]);
    tom.close();
  });

  it('is refused as a whole with liveTransferRelay: false', async () => {
    const off = await startRelay({ liveTransferRelay: false });
    try {
      const refused = await probeUpgrade(pipeUrl(off.relay.url, address('pipe-off', 'tr-1'), 'send', await off.token('pipe-off', 'tom', 'technician')));
      assert.deepEqual([refused.status, (refused.body as { code: number }).code], [403, ErrorCodes.LIVE_TRANSFER_OFF]);
    } finally {
      await off.close();
    }
  });
});
