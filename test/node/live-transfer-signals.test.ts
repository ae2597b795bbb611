import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ErrorCodes, SessionChatError, type SessionClient, type TransferSignal } from '../../src/client/index.js';
import { startRelay, type TestRelay } from './support/relay-harness.js';
import { joinedClient, until } from './support/session-clients.js';

// Live transfers in the log and on the socket: an offer names everyone else online as its
// receivers; Accept, Decline and the data channels' descriptions and candidates pass between the
// sender and each receiver only, and are never logged; the sender logs how it ended, once; the
// transcript shows the file, its receivers and the outcome, never bytes.

const ADMIN_KEY = 'admin-key-for-tests-0123456789';
const SHA = 'c'.repeat(64);

/** The signals a client got, with who sent them. */
function inbox(client: SessionClient): { from: string; transfer: string; signal: TransferSignal }[] {
  const got: { from: string; transfer: string; signal: TransferSignal }[] = [];
  client.addEventListener('transfer-signal', (e) => got.push(e.detail));
  return got;
}

/** The error events (refusals of signals, which carry no clientId). */
function errors(client: SessionClient): SessionChatError[] {
  const got: SessionChatError[] = [];
  client.addEventListener('error', (e) => got.push(e.detail.error));
  return got;
}

describe('live transfers: offers, signals, ends', () => {
  let r: TestRelay;
  before(async () => {
    r = await startRelay({ adminApiKey: ADMIN_KEY });
  });
  after(() => r.close());

  it('an offer goes to everyone else online; signals pass between its ends only and are never logged', async () => {
    const s = 'lt-signals';
    const tom = await joinedClient(r.relay.url, s, 'tom', 'technician', 'Tom');
    const ann = await joinedClient(r.relay.url, s, 'ann', 'customer', 'Ann');
    const bea = await joinedClient(r.relay.url, s, 'bea', 'customer', 'Bea');
    const [annIn, beaIn, tomIn] = [inbox(ann), inbox(bea), inbox(tom)];
    const beaErrors = errors(bea);

    const offer = await tom.offerTransfer({ name: 'disk\u202Egpj.exe', size: 2 * 1024 ** 3, type: 'application/x-raw-disk-image' });
    assert.equal(offer.type, 'transfer.offered');
    if (offer.type !== 'transfer.offered') return;
    assert.deepEqual([...offer.transfer.to].sort(), ['ann', 'bea']);
    assert.equal(offer.transfer.name, 'diskgpj.exe', 'bidi controls are removed from the name');
    await until(() => ann.state.messages.some((m) => m.transfer?.name === 'diskgpj.exe'), 5000, 'Ann sees the offer');

    assert.ok(ann.sendTransferSignal(offer.id, 'tom', { kind: 'accept' }));
    assert.ok(tom.sendTransferSignal(offer.id, 'ann', { kind: 'description', sdpType: 'offer', sdp: 'v=0\r\n' }));
    assert.ok(bea.sendTransferSignal(offer.id, 'tom', { kind: 'decline' }));
    await until(() => tomIn.length === 2 && annIn.length === 1, 5000, 'the signals arrive');
    assert.deepEqual(tomIn.map((x) => [x.from, x.signal.kind]).sort(), [['ann', 'accept'], ['bea', 'decline']]);
    assert.deepEqual(annIn[0], { from: 'tom', transfer: offer.id, signal: { kind: 'description', sdpType: 'offer', sdp: 'v=0\r\n' } });
    // A receiver cannot signal another receiver; an unknown transfer is refused.
    bea.sendTransferSignal(offer.id, 'ann', { kind: 'candidate', candidate: 'candidate:1 1 udp 1 127.0.0.1 9 typ host' });
    bea.sendTransferSignal('no-such-transfer', 'tom', { kind: 'accept' });
    await until(() => beaErrors.length === 2, 5000, 'two refusals');
    assert.deepEqual(beaErrors.map((e) => e.code), [ErrorCodes.FORBIDDEN, ErrorCodes.UNKNOWN_TARGET]);
    assert.equal(annIn.length, 1, 'Ann got nothing from Bea');
    assert.equal(beaIn.length, 0);

    const ended = await tom.endTransfer(offer.id, { outcome: 'completed', receivers: [{ id: 'ann', outcome: 'completed' }, { id: 'bea', outcome: 'declined' }], sha256: SHA });
    assert.equal(ended.type, 'transfer.ended');
    await until(() => ann.state.messages.find((m) => m.id === offer.id)?.transfer?.ended?.outcome === 'completed', 5000, 'Ann sees it ended');
    await assert.rejects(tom.endTransfer(offer.id, { outcome: 'cancelled', receivers: [] }), (e: SessionChatError) => e.code === ErrorCodes.TRANSFER_ENDED);
    ann.sendTransferSignal(offer.id, 'tom', { kind: 'accept' });
    await until(() => tomIn.length === 2, 1000, 'nothing more for Tom');

    const logged = (await r.logEvents(s)).map((e) => e.type);
    assert.deepEqual(logged.filter((t) => t.startsWith('transfer')), ['transfer.offered', 'transfer.ended']);
    assert.ok(!JSON.stringify(await r.logEvents(s)).includes('v=0'), 'no signal is in the log');
    for (const c of [tom, ann, bea]) c.close();
  });

  it('refuses an offer with nobody else online, an end by someone else, receivers never offered', async () => {
    const s = 'lt-rules';
    const tom = await joinedClient(r.relay.url, s, 'tom', 'technician', 'Tom');
    await assert.rejects(tom.offerTransfer({ name: 'a.bin', size: 1 }), (e: SessionChatError) => e.code === ErrorCodes.TRANSFER_NO_RECEIVER);
    const ann = await joinedClient(r.relay.url, s, 'ann', 'customer', 'Ann');
    const offer = await ann.offerTransfer({ name: 'fault.mp4', size: 10, type: 'video/mp4' });
    await assert.rejects(tom.endTransfer(offer.id, { outcome: 'cancelled', receivers: [] }), (e: SessionChatError) => e.code === ErrorCodes.NOT_AUTHOR);
    await assert.rejects(ann.endTransfer(offer.id, { outcome: 'completed', receivers: [{ id: 'eve', outcome: 'completed' }] }), (e: SessionChatError) => e.code === ErrorCodes.INVALID_FIELD);
    await assert.rejects(ann.edit(offer.id, 'edited?'), (e: SessionChatError) => e.code === ErrorCodes.FORBIDDEN);
    for (const c of [tom, ann]) c.close();
  });

  it('the transcript shows the transfer, its receivers and how it ended; no signal after the session ended', async () => {
    const s = 'lt-transcript';
    const tom = await joinedClient(r.relay.url, s, 'tom', 'technician', 'Tom');
    const ann = await joinedClient(r.relay.url, s, 'ann', 'customer', 'Ann');
    const annErrors = errors(ann);
    const done = await tom.offerTransfer({ name: 'setup.iso', size: 3 * 1024 ** 3 });
    await tom.endTransfer(done.id, { outcome: 'completed', receivers: [{ id: 'ann', outcome: 'completed' }], sha256: SHA });
    const open = await tom.offerTransfer({ name: 'logs.tar', size: 5000 });
    await tom.endSession();
    ann.sendTransferSignal(open.id, 'tom', { kind: 'accept' });
    await until(() => annErrors.some((e) => e.code === ErrorCodes.SESSION_ENDED), 5000, 'a signal after the end is refused');
    await until(() => tom.state.transcript !== null, 5000, 'the transcript');
    const txt = (await (await fetch(`${r.relay.url}/api/transcripts/${s}.txt`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } })).text()).replace(/[\u2066-\u2069]/g, '');
    assert.match(txt, /Tom \(technician\): \[sent directly, not stored: setup\.iso, 3\.2 GB\]\n {4}Ann \(customer\): received, checked\n {4}SHA-256: c{64}/);
    assert.match(txt, /\[sent directly, not stored: logs\.tar, [\d.]+ (kB|KB|B)\]\n {4}Ann \(customer\): not finished/);
    const json = (await (await fetch(`${r.relay.url}/api/transcripts/${s}.json`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } })).json()) as { messages: { transfer?: { ended: { outcome: string; sha256: string } | null } }[] };
    assert.deepEqual(json.messages.map((m) => m.transfer?.ended?.outcome ?? null), ['completed', null]);
    for (const c of [tom, ann]) c.close();
  });
});
