/**
 * One abusive socket at, then far beyond, the relay's rate limit (the product default, 20
 * frames/s with a burst of 60), beside two participants who keep chatting. The flood gets
 * RATE_LIMITED with `retryAfterMs` and nothing else; the bystanders lose nothing. Their ack
 * latency is reported (p50/p99, quiet versus flooded), not asserted: speed is a benchmark's job.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { RELAY_DEFAULTS } from '../../server/index.js';
import type { MessageSentEvent } from '../../src/protocol/index.js';
import { startRelay, tokenFor, type TestRelay } from '../node/support/relay-harness.js';
import { TestClient } from '../node/support/test-client.js';
import { Tally, percentile, report } from './support/figures.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('adversarial: a flood beside a conversation', () => {
  let r: TestRelay;
  const sid = 'flood-1';
  before(async () => {
    r = await startRelay({ rateLimit: RELAY_DEFAULTS.rateLimit });
  });
  after(() => r.close());

  it('rate-limits the flood only; bystanders get every message, their latency is reported', async (t) => {
    const { client: tom } = await TestClient.join(r.wsUrl(sid, await tokenFor(sid, 'tom', 'technician')));
    const { client: ann } = await TestClient.join(r.wsUrl(sid, await tokenFor(sid, 'ann', 'customer')));
    const { client: flood } = await TestClient.join(r.wsUrl(sid, await tokenFor(sid, 'mallory', 'customer')));

    let n = 0;
    const converse = async (ms: number): Promise<number[]> => {
      const latencies: number[] = [];
      const until = Date.now() + ms;
      while (Date.now() < until) {
        for (const [client, name] of [[tom, 'tom'], [ann, 'ann']] as const) {
          const started = performance.now();
          client.send({ type: 'message', clientId: `${name}-${n}`, text: `${name}-${n}` });
          // Generous: a loaded CI machine must not turn a slow ack into a failure (latency is reported).
          await client.answer(`${name}-${n}`, 15_000);
          latencies.push(performance.now() - started);
          n++;
        }
        // Bystanders chat within the limit, as people do (each about 9 messages a second at most):
        // on a quiet machine acks take a millisecond, and 20 ms between rounds made each of them
        // send 40 a second, so their own bucket ran dry and a bystander was rate-limited.
        await sleep(110);
      }
      return latencies;
    };

    const quiet = await converse(1_500);

    // At the limit: 20 messages a second for 1.5 s, then beyond it: 5000 frames a second for 3 s.
    let sent = 0;
    let flooding = true;
    const abuse = (async () => {
      for (let i = 0; i < 30; i++, sent++) {
        flood.send({ type: 'message', clientId: `ok-${i}`, text: `within the limit ${i}` });
        await sleep(50);
      }
      const stop = Date.now() + 3_000;
      while (Date.now() < stop && flood.closeCode === undefined) {
        for (let i = 0; i < 100; i++, sent++) flood.send({ type: 'message', clientId: `f-${sent}`, text: 'flood' });
        await sleep(20);
      }
      flooding = false;
    })();
    const flooded: number[] = [];
    while (flooding) flooded.push(...(await converse(500)));
    await abuse;
    await sleep(200);

    const answers = new Tally();
    let retryAfterOk = true;
    for (const frame of flood.received) {
      if (frame.type === 'error') {
        answers.add(frame.name);
        if (frame.name === 'RATE_LIMITED' && !(typeof frame.retryAfterMs === 'number' && frame.retryAfterMs > 0)) retryAfterOk = false;
      } else if (frame.type === 'ack') answers.add('ack');
    }
    // Every bystander message reached the other, once, in order.
    const got = (client: TestClient, from: string): string[] =>
      client.received.flatMap((f) => (f.type === 'event' && f.event.type === 'message.sent' && f.event.from === from ? [(f.event as MessageSentEvent).text] : []));
    const tomSaid = Array.from({ length: n }, (_, i) => `tom-${i}`).filter((_, i) => i % 2 === 0);
    const annSaid = Array.from({ length: n }, (_, i) => `ann-${i}`).filter((_, i) => i % 2 === 1);
    const missed = tomSaid.filter((x) => !got(ann, 'tom').includes(x)).length + annSaid.filter((x) => !got(tom, 'ann').includes(x)).length;

    report(t, 'flood', {
      'frames sent by the flood': sent,
      'rate limit': `${RELAY_DEFAULTS.rateLimit.perSecond}/s burst ${RELAY_DEFAULTS.rateLimit.burst}`,
      ...answers.toRecord(),
      'flood socket closed': flood.closeCode ?? 'no',
      'bystander messages': n,
      missed,
    });
    report(t, 'flood: bystanders ack latency ms', {
      'quiet p50': percentile(quiet, 50).toFixed(1),
      'quiet p99': percentile(quiet, 99).toFixed(1),
      'flooded p50': percentile(flooded, 50).toFixed(1),
      'flooded p99': percentile(flooded, 99).toFixed(1),
      samples: flooded.length,
    });

    assert.ok(answers.get('RATE_LIMITED') > sent / 2, 'most of the flood was dropped with RATE_LIMITED');
    assert.ok(answers.get('ack') >= 30, 'what came within the limit was taken');
    assert.deepEqual(Object.keys(answers.toRecord()).sort(), ['RATE_LIMITED', 'ack'], 'no other answer');
    assert.ok(retryAfterOk, 'every RATE_LIMITED says when to retry');
    assert.equal(missed, 0);
    assert.deepEqual(got(ann, 'tom'), tomSaid);
    assert.deepEqual(got(tom, 'ann'), annSaid);
    assert.equal(tom.closeCode, undefined);
    assert.equal(ann.closeCode, undefined);
    await Promise.all([tom.close(), ann.close(), flood.close()]);
  });
});
