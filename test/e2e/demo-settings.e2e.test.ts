import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createToken } from '../../server/index.js';
import { probeUpgrade } from '../node/support/http-probe.js';
import { startDemo, startScriptRunPart, type DemoServer } from './support/demo-server.js';

// The demo (what `npm start` runs once built) reads the relay's deployment settings from the
// environment as `session-chat serve` does: here SESSION_CHAT_ALLOWED_ORIGINS and a bad value.

const root = fileURLToPath(new URL('../..', import.meta.url));
const SECRET = 'demo-settings-secret-0123456789';
const demos: DemoServer[] = [];
after(async () => Promise.all(demos.map((demo) => demo.stop())));

test('the demo honours SESSION_CHAT_ALLOWED_ORIGINS', { timeout: 30_000 }, async () => {
  const demo = await startDemo({ SESSION_CHAT_SECRET: SECRET, SESSION_CHAT_ALLOWED_ORIGINS: 'https://a.example' });
  demos.push(demo);
  const port = new URL(demo.url).port;
  const token = await createToken({ secret: SECRET, sessionId: 'S-demo', role: 'customer', name: 'Ann' });
  const url = `ws://127.0.0.1:${port}/ws/S-demo?token=${token}`;
  assert.equal((await probeUpgrade(url, { Origin: 'https://a.example' })).status, 101);
  const refused = await probeUpgrade(url, { Origin: 'https://b.example' });
  assert.equal(refused.status, 403);
  assert.deepEqual(refused.body, { code: 4006, name: 'ORIGIN_FORBIDDEN', message: 'this origin may not use the relay' });
});

test('the demo stops with exit status 2 and one line on a bad setting', { timeout: 30_000 }, async () => {
  const [command, ...args] = startScriptRunPart();
  const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    execFile(command!, args, { cwd: root, env: { PATH: process.env.PATH ?? '', PORT: '0', SESSION_CHAT_MAX_FRAME_BYTES: 'lots' }, timeout: 20_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }),
    );
  });
  assert.deepEqual(result, { code: 2, stdout: '', stderr: 'SESSION_CHAT_MAX_FRAME_BYTES must be an integer >= 1024, got "lots"\n' });
});
