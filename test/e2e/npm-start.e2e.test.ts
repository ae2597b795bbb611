import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Browser } from 'playwright-core';
import { WebSocket } from 'ws';
import { launchChromium } from './support/browser.js';
import { customerLink, PHONE } from './support/demo-pages.js';
import { freePort } from '../support/free-port.js';

// The README's first command, as a newcomer runs it: `npm start` in a clone with nothing set
// but the port and the data folder (no SESSION_CHAT_SECRET). It builds, so it takes a while.

const root = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);
const START_TIMEOUT_MS = 8 * 60_000;


interface NpmStart {
  child: ChildProcess;
  output: () => string;
  consoleUrl: string;
  port: number;
}

/** What the file's hooks share; the folder and the process are kept as soon as they exist, for `after`. */
const state = {} as { start: NpmStart; browser: Browser; dataDir: string; child: ChildProcess };

async function npmStart(): Promise<NpmStart> {
  const port = await freePort();
  const dataDir = (state.dataDir = await mkdtemp(join(tmpdir(), 'session-chat-npm-start-')));
  const env: Record<string, string> = { PORT: String(port), SESSION_CHAT_DATA_DIR: dataDir };
  for (const name of ['PATH', 'HOME', 'TMPDIR', 'LANG']) if (process.env[name] !== undefined) env[name] = process.env[name]!;
  // Its own process group, so that the end of the test stops npm, the shell and node together.
  const child = (state.child = spawn('npm', ['start'], { cwd: root, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] }));
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const consoleUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start showed no console within ${START_TIMEOUT_MS} ms:\n${output}`)), START_TIMEOUT_MS);
    const poll = setInterval(() => {
      const match = /Console:\s+(http:\/\/\S+?)\/?\s/.exec(output);
      if (!match) return;
      clearInterval(poll);
      clearTimeout(timer);
      resolve(match[1]!);
    }, 100);
    child.once('exit', (code) => {
      clearInterval(poll);
      clearTimeout(timer);
      reject(new Error(`npm start exited with ${code}:\n${output}`));
    });
  });
  return { child, output: () => output, consoleUrl, port };
}

async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return; // the group is gone already
  }
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // every process of the group has exited
  }
}

before(async () => {
  state.start = await npmStart();
  state.browser = await launchChromium();
}, { timeout: START_TIMEOUT_MS + 60_000 });

after(async () => {
  await state.browser?.close();
  if (state.child) await stopGroup(state.child);
  if (state.dataDir) await rm(state.dataDir, { recursive: true, force: true });
});

test('npm start with nothing set serves the console on PORT, and its customer link chats both ways', { timeout: 90_000 }, async () => {
  const { consoleUrl, port } = state.start;
  assert.equal(new URL(consoleUrl).port, String(port), 'the console is on PORT');
  const technician = await state.browser.newContext();
  const customer = await state.browser.newContext(PHONE);
  try {
    const console_ = await technician.newPage();
    const pageErrors: string[] = [];
    console_.on('pageerror', (e) => pageErrors.push(e.message));
    await console_.goto(`${consoleUrl}/`);
    await console_.getByRole('button', { name: 'Start session' }).click();
    const link = await customerLink(console_);
    assert.match(link, /\/join#token=[\w-]+\.[\w-]+\.[\w-]+$/);

    const join_ = await customer.newPage();
    join_.on('pageerror', (e) => pageErrors.push(e.message));
    await join_.goto(link);

    await console_.getByRole('textbox', { name: 'Message' }).fill('Hello from the console of npm start.');
    await console_.getByRole('textbox', { name: 'Message' }).press('Enter');
    await join_.getByRole('log').getByText('Hello from the console of npm start.').waitFor({ timeout: 15_000 });

    await join_.getByRole('textbox', { name: 'Message' }).fill('And hello back from the customer link.');
    await join_.getByRole('button', { name: 'Send' }).click();
    await console_.getByRole('log').getByText('And hello back from the customer link.').waitFor({ timeout: 15_000 });
    assert.deepEqual(pageErrors, []);
  } finally {
    await technician.close();
    await customer.close();
  }
});

async function mintToken(secret: string, sessionId: string, name: string): Promise<string> {
  const env = { PATH: process.env.PATH ?? '', SESSION_CHAT_SECRET: secret };
  const { stdout } = await run(process.execPath, [join(root, 'bin', 'session-chat.js'), 'token', '--session', sessionId, '--role', 'customer', '--name', name], { env });
  return stdout.trim();
}

function openSocket(url: string): Promise<{ opened: boolean; status?: number }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url);
    ws.once('open', () => {
      ws.close();
      resolve({ opened: true });
    });
    ws.once('unexpected-response', (_req, res) => {
      resolve({ opened: false, status: res.statusCode });
      res.resume();
    });
    ws.once('error', () => resolve({ opened: false }));
  });
}

test('the secret npm start prints mints tokens (session-chat token) that its relay accepts; another secret is refused', { timeout: 30_000 }, async () => {
  const printed = /SESSION_CHAT_SECRET=(\S+)/.exec(state.start.output());
  assert.ok(printed, `npm start printed no generated secret:\n${state.start.output()}`);
  const base = `http://127.0.0.1:${state.start.port}`;
  const sessionId = 'S-npm-start';

  const token = await mintToken(printed[1]!, sessionId, 'X');
  const me = await fetch(`${base}/api/sessions/${sessionId}/me`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(me.status, 200);
  const body = (await me.json()) as { sessionId: string; participant: { name: string; role: string } };
  assert.equal(body.sessionId, sessionId);
  assert.equal(body.participant.name, 'X');
  assert.equal(body.participant.role, 'customer');
  assert.deepEqual(await openSocket(`ws://127.0.0.1:${state.start.port}/ws/${sessionId}?token=${token}`), { opened: true });

  const forged = await mintToken('another-secret-of-at-least-16-chars', sessionId, 'X');
  const refused = await fetch(`${base}/api/sessions/${sessionId}/me`, { headers: { authorization: `Bearer ${forged}` } });
  assert.equal(refused.status, 401);
  assert.equal(((await refused.json()) as { name: string }).name, 'TOKEN_INVALID');
  assert.deepEqual(await openSocket(`ws://127.0.0.1:${state.start.port}/ws/${sessionId}?token=${forged}`), { opened: false, status: 401 });
});
