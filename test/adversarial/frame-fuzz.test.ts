/**
 * A malformed-frame corpus and some thousands of fuzzed frames (seeded) from one participant,
 * beside two participants who keep chatting: the relay answers every bad frame with a typed
 * error (never INTERNAL_ERROR), closes a socket only for the documented reasons, and the two
 * others get every one of each other's messages, in order, once, whatever happens beside them.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CloseCodes, ErrorCodes, errorCodeName, type MessageSentEvent, type SessionEvent } from '../../src/protocol/index.js';
import { httpGet } from '../node/support/http-probe.js';
import { startRelay, tokenFor, type TestRelay } from '../node/support/relay-harness.js';
import { TestClient } from '../node/support/test-client.js';
import { CORPUS, FrameFuzzer, type FuzzFrame } from './support/frame-grammar.js';
import { Tally, percentile, report, seededRandom } from './support/figures.js';

const SEED = 0x5eed_2026;
const FUZZ_FRAMES = 5_000;
const BYSTANDER_MESSAGES = 150;
const BATCH = 20;
/** Why the relay may close the fuzzing socket: too many violations, a wrong version, ws's own limits. */
const EXPECTED_CLOSES = new Set<number>([CloseCodes.PROTOCOL_VIOLATION, CloseCodes.UNSUPPORTED_VERSION, 1009, 1007]);

describe('adversarial: malformed frames beside a conversation', () => {
  let r: TestRelay;
  const sid = 'fuzz-1';
  before(async () => {
    r = await startRelay();
  });
  after(() => r.close());

  it(`answers a corpus and ${FUZZ_FRAMES} fuzzed frames (seed ${SEED.toString(16)}) with typed errors; the bystanders lose nothing`, async (t) => {
    const { client: tom } = await TestClient.join(r.wsUrl(sid, await tokenFor(sid, 'tom', 'technician')));
    const { client: ann } = await TestClient.join(r.wsUrl(sid, await tokenFor(sid, 'ann', 'customer')));
    const malloryToken = await tokenFor(sid, 'mallory', 'customer');
    const fuzzer = new FrameFuzzer(seededRandom(SEED));
    const tried = new Tally();
    const answers = new Tally();
    const closes = new Tally();
    let sockets = 0;
    let fuzzing = true;

    // Two bystanders chat the whole time, each message waiting for its ack.
    const latencies: number[] = [];
    const chat = async (client: TestClient, name: string): Promise<SessionEvent[]> => {
      const sent: SessionEvent[] = [];
      for (let i = 0; i < BYSTANDER_MESSAGES; i++) {
        const started = performance.now();
        client.send({ type: 'message', clientId: `${name}-${i}`, text: `${name}-${i}` });
        // Generous: a loaded CI machine must not turn a slow ack into a failure (latency is reported).
        sent.push((await client.answer(`${name}-${i}`, 15_000)).event);
        latencies.push(performance.now() - started);
        fuzzer.targets.push(sent.at(-1)!.id);
        if (!fuzzing) continue;
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      return sent;
    };
    const chatting = Promise.all([chat(tom, 'tom'), chat(ann, 'ann')]);

    const frames: FuzzFrame[] = [...CORPUS];
    for (let i = 0; i < FUZZ_FRAMES; i++) frames.push(fuzzer.next());
    let mallory: TestClient | null = null;
    const retire = async (client: TestClient): Promise<void> => {
      for (const frame of client.received) {
        if (frame.type === 'error') answers.add(frame.name);
        else if (frame.type === 'ack') answers.add('ack');
      }
      if (client.closeCode !== undefined) closes.add(String(client.closeCode));
      await client.close();
    };
    let i = 0;
    while (i < frames.length) {
      if (mallory === null || mallory.closeCode !== undefined) {
        if (mallory) await retire(mallory);
        ({ client: mallory } = await TestClient.join(r.wsUrl(sid, malloryToken)));
        sockets++;
      }
      // A batch stops where the relay closed the socket; the next socket goes on from there.
      for (const end = Math.min(i + BATCH, frames.length); i < end && mallory.ws.readyState === mallory.ws.OPEN; i++) {
        const frame = frames[i]!;
        tried.add(frame.kind);
        mallory.ws.send(frame.data, { binary: frame.binary === true });
      }
      // Frames are handled in order: once the pong is back, the batch was read.
      if (mallory.ws.readyState === mallory.ws.OPEN) mallory.send({ type: 'ping' });
      await mallory.take('pong', () => true, 10_000).catch(() => mallory!.whenClosed(10_000));
    }
    fuzzing = false;
    await retire(mallory!);

    const [tomSent, annSent] = await chatting;
    // Every message of one bystander reaches the other: in order, once.
    const seen = async (client: TestClient, from: string, count: number): Promise<MessageSentEvent[]> => {
      const deadline = Date.now() + 10_000;
      const mine = (): MessageSentEvent[] =>
        client.received.flatMap((f) => (f.type === 'event' && f.event.type === 'message.sent' && f.event.from === from ? [f.event as MessageSentEvent] : []));
      while (mine().length < count && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      return mine();
    };
    const annGot = await seen(ann, 'tom', BYSTANDER_MESSAGES);
    const tomGot = await seen(tom, 'ann', BYSTANDER_MESSAGES);
    const expectedTom = tomSent.map((e) => (e as MessageSentEvent).text);
    const expectedAnn = annSent.map((e) => (e as MessageSentEvent).text);
    const missed = expectedTom.filter((x) => !annGot.some((e) => e.text === x)).length + expectedAnn.filter((x) => !tomGot.some((e) => e.text === x)).length;
    const duplicates = annGot.length - new Set(annGot.map((e) => e.seq)).size + (tomGot.length - new Set(tomGot.map((e) => e.seq)).size);

    // Nothing the fuzzer forged was taken: every message stamped as tom's or ann's is one they sent.
    const log = await r.logEvents(sid);
    const forged = log.filter(
      (e) => e.type === 'message.sent' && (e.from === 'tom' || e.from === 'ann') && !/^(tom|ann)-\d+$/.test((e as MessageSentEvent).text),
    ).length;
    const bystanderEdits = log.filter((e) => (e.type === 'message.edited' || e.type === 'message.deleted') && e.from === 'mallory').length;

    report(t, 'frame fuzz: frames tried by kind', { total: tried.total, ...tried.toRecord() });
    report(t, 'frame fuzz: answers', {
      refused: answers.total - answers.get('ack'),
      accepted: answers.get('ack'),
      'no answer (signals, pings, frames after a close)': tried.total - answers.total,
      ...answers.toRecord(),
    });
    report(t, 'frame fuzz: sockets', { opened: sockets, ...Object.fromEntries(Object.entries(closes.toRecord()).map(([code, n]) => [`closed ${code}`, n])) });
    report(t, 'frame fuzz: bystanders', {
      messages: 2 * BYSTANDER_MESSAGES,
      missed,
      duplicates,
      'forged messages': forged,
      'p50 ack ms': percentile(latencies, 50).toFixed(1),
      'p99 ack ms': percentile(latencies, 99).toFixed(1),
    });

    assert.equal(answers.get('INTERNAL_ERROR'), 0, 'no frame made the relay fail');
    assert.equal(answers.get('STORAGE_FAILED'), 0);
    for (const code of Object.keys(closes.toRecord())) assert.ok(EXPECTED_CLOSES.has(Number(code)), `closed with ${code}`);
    const refused = answers.total - answers.get('ack');
    assert.ok(refused > FUZZ_FRAMES / 3, `most fuzzed frames are refused (${refused})`);
    assert.ok(answers.get(errorCodeName(ErrorCodes.UNKNOWN_FRAME_TYPE)!) > 0 && answers.get('INVALID_FIELD') > 0 && answers.get('MALFORMED_FRAME') > 0);
    assert.deepEqual(annGot.map((e) => e.text), expectedTom, 'ann got all of tom’s messages in order, once');
    assert.deepEqual(tomGot.map((e) => e.text), expectedAnn, 'tom got all of ann’s messages in order, once');
    assert.equal(missed, 0);
    assert.equal(duplicates, 0);
    assert.equal(forged, 0, 'no event was stamped with a name the token did not give');
    assert.equal(bystanderEdits, 0, 'a customer edited or deleted nobody’s messages');
    assert.equal(tom.closeCode, undefined);
    assert.equal(ann.closeCode, undefined);
    assert.equal((await httpGet(`${r.relay.url}/healthz`)).status, 200);
    await Promise.all([tom.close(), ann.close()]);
  });
});
