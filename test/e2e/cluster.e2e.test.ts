import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startNginxCluster, type TestNginx } from '../support/nginx.js';
import { startRedis, type TestRedis } from '../support/redis-server.js';
import { launchChromium } from './support/browser.js';
import { customerLink, PHONE } from './support/demo-pages.js';
import { startDemo, type DemoServer } from './support/demo-server.js';

// Scale-out as a support team deploys it: two relay processes (the demo, as `npm start` runs
// it, with SESSION_CHAT_REDIS_URL) on one redis-server and one shared data folder, the README's
// nginx balancer in front. The technician's and the customer's pages reach different processes
// through nginx and chat; the process holding the session is killed; both pages go on.

const SECRET = 'cluster-e2e-secret-0123456789';
const METRICS_TOKEN = 'cluster-e2e-metrics-token-0123';
let redis: TestRedis;
let nginx: TestNginx;
let shared: string;
let browser: Browser;
const demos: DemoServer[] = [];

before(async () => {
  redis = await startRedis();
  shared = await mkdtemp(join(tmpdir(), 'session-chat-cluster-e2e-'));
  const env = {
    SESSION_CHAT_SECRET: SECRET,
    SESSION_CHAT_REDIS_URL: redis.url,
    SESSION_CHAT_DATA_DIR: shared,
    SESSION_CHAT_LEASE_MS: '1500',
    SESSION_CHAT_METRICS_TOKEN: METRICS_TOKEN,
  };
  for (let i = 0; i < 2; i++) demos.push(await startDemo(env));
  nginx = await startNginxCluster(demos.map((d) => Number(new URL(d.url).port)));
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await Promise.all(demos.map((d) => d.stop()));
  await nginx?.close();
  await redis?.close();
  await rm(shared, { recursive: true, force: true });
});

/** A gauge of one process, read from its own /metrics (not through nginx). */
async function gauge(demo: DemoServer, name: string): Promise<number> {
  const text = await (await fetch(`${demo.url}/metrics`, { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } })).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line ? Number(line.split(' ')[1]) : NaN;
}

async function say(from: Page, to: Page, text: string): Promise<void> {
  const box = from.getByRole('textbox', { name: 'Message' });
  await box.fill(text);
  await box.press('Enter');
  await to.getByRole('log').getByText(text).waitFor({ timeout: 15_000 });
}

test('two pages on different relay processes chat, and go on when the process holding the session is killed', { timeout: 120_000 }, async () => {
  const technician = await browser.newContext();
  let customer: BrowserContext | undefined;
  try {
    const console_ = await technician.newPage();
    await console_.goto(`${nginx.url}/`);
    await console_.getByRole('button', { name: 'Start session' }).click();
    const link = await customerLink(console_);
    assert.ok(link.startsWith(`${nginx.url}/join#token=`), 'the customer link goes through the load balancer');
    await console_.getByRole('textbox', { name: 'Message' }).waitFor();

    // Round-robin decides where each socket lands; the customer page is opened again until its
    // socket reached the process that does not hold the session (it is then passed on). A page
    // makes the same number of requests each time, so a request of our own at random between
    // tries shifts the round-robin's phase (else every try could land where the first did).
    let join: Page | undefined;
    let holder: DemoServer | undefined;
    let other: DemoServer | undefined;
    const seen: string[] = [];
    for (let attempt = 0; attempt < 16 && !other; attempt++) {
      if (attempt > 0 && Math.random() < 0.5) await fetch(`${nginx.url}/`).then((r) => r.arrayBuffer());
      await customer?.close();
      customer = await browser.newContext(PHONE);
      join = await customer.newPage();
      await join.goto(link);
      await say(console_, join, `hello ${attempt}`);
      const counts = await Promise.all(demos.map(async (d) => ({ d, open: await gauge(d, 'session_chat_connections_open'), forwarded: await gauge(d, 'session_chat_sockets_forwarded') })));
      holder = counts.find((c) => c.open === 2)?.d;
      other = counts.find((c) => c.d !== holder && c.forwarded === 1)?.d;
      seen.push(counts.map((c) => `${c.open} open/${c.forwarded} forwarded`).join(', '));
    }
    assert.ok(holder && other && join, `the two pages reached different relay processes; each try (per process): ${seen.join(' | ')}`);
    await say(join, console_, 'My printer is offline.');

    // The process holding the session dies.
    holder.process.kill('SIGKILL');
    await new Promise((resolve) => holder!.process.once('exit', resolve));

    await say(console_, join!, 'Still here after the failover?');
    await say(join!, console_, 'Yes, and I can still see everything.');
    assert.equal(await join!.getByRole('log').getByText('My printer is offline.').count(), 1, 'the history is still there');
    assert.equal(await console_.getByRole('log').getByText('My printer is offline.').count(), 1);
  } finally {
    await customer?.close();
    await technician.close();
  }
});
