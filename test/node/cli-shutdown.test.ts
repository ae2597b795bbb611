import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { SessionClient } from '../../src/client/index.js';
import { CloseCodes } from '../../src/protocol/index.js';
import { httpGet } from './support/http-probe.js';
import { readLogFile, SECRET, tokenFor, wsUrlOf } from './support/relay-harness.js';
import { until } from './support/session-clients.js';
import { TestClient } from './support/test-client.js';

// The real command, `node bin/session-chat.js serve`, as a deployment runs it (it loads the
// built dist/, which `npm test` builds first), stopped the way an orchestrator stops it.
const BIN = fileURLToPath(new URL('../../bin/session-chat.js', import.meta.url));

interface Served {
  url: string;
  port: number;
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

const dirs: string[] = [];
const children: ChildProcess[] = [];
after(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

function serve(dataDir: string, port: number): Promise<Served> {
  const child = spawn(process.execPath, [BIN, 'serve'], {
    env: { PATH: process.env.PATH ?? '', PORT: String(port), SESSION_CHAT_HOST: '127.0.0.1', SESSION_CHAT_SECRET: SECRET, SESSION_CHAT_DATA_DIR: dataDir, LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${output}`)), 15_000);
    child.stdout!.on('data', () => {
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ url: match[1]!, port: Number(new URL(match[1]!).port), child, output: () => output, exited });
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}:\n${output}`));
    });
  });
}

describe('session-chat serve: SIGTERM for a rolling restart', () => {
  test('closes sockets with 4000 once their acked messages are durable, exits 0, and clients resume on the next relay', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'session-chat-sigterm-'));
    dirs.push(dataDir);
    const sid = 'S-rolling';
    const first = await serve(dataDir, 0);

    // A headless client that must resume by itself, and a raw socket that sends a burst.
    const states: string[] = [];
    const client = new SessionClient({ server: first.url, token: await tokenFor(sid, 'tom', 'technician', 'Tom'), WebSocket, backoff: { minMs: 100, maxMs: 300 } });
    client.addEventListener('connectionchange', (e) => states.push(e.detail.state));
    const errors: unknown[] = [];
    client.addEventListener('error', (e) => errors.push(e.detail.error));
    await client.connect();
    const { client: raw } = await TestClient.join(wsUrlOf(first.url, sid, await tokenFor(sid, 'ann', 'customer', 'Ann')));
    const sent = Array.from({ length: 50 }, (_, i) => `burst-${i}`);
    for (const clientId of sent) raw.send({ type: 'message', clientId, text: clientId });
    await raw.answer('burst-0');

    const closed = raw.whenClosed(10_000);
    first.child.kill('SIGTERM');
    assert.equal(await closed, CloseCodes.SERVER_SHUTDOWN);
    assert.equal(await first.exited, 0, first.output());
    assert.match(first.output(), /draining \(SIGTERM\)\n[^]*stopped\n/);
    const acked = raw.received.flatMap((f) => (f.type === 'ack' ? [f.clientId] : []));
    assert.ok(acked.length >= 1);
    assert.deepEqual(acked, sent.slice(0, acked.length), 'acked in order, none skipped');

    // While no relay runs the client waits to reconnect, and keeps what is sent meanwhile.
    await until(() => client.connectionState === 'reconnecting', 5_000, 'the client noticed the close');
    const queued = client.send('sent while the relay restarts');

    // The next relay, on the same data folder and port (as a restart behind one address).
    const second = await serve(dataDir, first.port);
    const { events } = await readLogFile(dataDir, sid);
    const logged = new Set(events.flatMap((e) => (e.clientId !== undefined ? [e.clientId] : [])));
    for (const clientId of acked) assert.ok(logged.has(clientId), `acked ${clientId} is durable`);

    await queued;
    await until(() => client.connectionState === 'live', 10_000, 'the client resumed');
    const afterClose = states.slice(states.indexOf('reconnecting'));
    assert.equal(afterClose.at(-1), 'live');
    assert.ok(!states.includes('closed'), `4000 is not terminal: ${states.join(' > ')}`);
    assert.deepEqual(errors, []);
    const texts = client.state.messages.map((m) => m.text);
    assert.deepEqual(texts.slice(0, acked.length), acked, 'the resumed client has every acked message, once, in order');
    assert.equal(texts.filter((t) => t === 'sent while the relay restarts').length, 1);
    assert.equal((await httpGet(`${second.url}/readyz`)).status, 200);

    client.close();
    second.child.kill('SIGTERM');
    assert.equal(await second.exited, 0, second.output());
  });
});
