/**
 * The packed package as hosts consume it: `npm pack`, installed into a fresh project, one page
 * each built with Vite (build and dev server), esbuild (splitting, ESM) and webpack 5, plus the
 * prebuilt bundle loaded with `<script type="module">`. Each page is served from its own origin,
 * the relay (started from the installed package) from another; a customer on the package's Node
 * client shares a PDF, a Word document and a CSV, and in Chromium every preview must show its
 * content and the emoji picker its emoji, with no page error and no failed request.
 *
 * Needs `npm run build` first (`npm test` builds; `npm run test:package` alone does not).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../e2e/support/browser.js';
import { buildWithEsbuild, buildWithVite, buildWithWebpack, scriptTagPage, startViteDev } from './support/host-builds.js';
import { installConsumer, packRepository } from './support/packed.js';
import { shareAsCustomer, startConsumerRelay, type ConsumerRelay } from './support/consumer-relay.js';
import { CSV, DOCX, GREETING, PDF, checkHostPage, checkLauncherPage } from './support/host-page.js';
import { freePort, serveFolder, type StaticServer } from './support/static-server.js';

const fixture = (path: string) => fileURLToPath(new URL(`../fixtures/${path}`, import.meta.url));
const SESSION = 'host-apps';

/** The policy README.md's "Installing and serving the files" lists, for a relay at `relay`. */
function hostCsp(relay: string): string {
  const socket = relay.replace(/^http/, 'ws');
  return [
    "default-src 'self'",
    `connect-src 'self' ${relay} ${socket}`,
    `script-src 'self' ${relay}`,
    `worker-src 'self' blob: ${relay}`,
    "img-src 'self' blob: data:",
    "style-src 'self' 'unsafe-inline'",
  ].join('; ');
}

describe('the packed package in host apps', () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  const pages = new Map<string, string>();
  let relay: ConsumerRelay;
  let browser: Browser;

  before(async () => {
    const work = await mkdtemp(join(tmpdir(), 'session-chat-pack-'));
    cleanup.push(() => rm(work, { recursive: true, force: true }));
    const consumer = await installConsumer(await packRepository(work));
    cleanup.push(() => rm(consumer, { recursive: true, force: true }));

    const built: [string, string][] = [
      ['script tag', await scriptTagPage(consumer)],
      ['esbuild', await buildWithEsbuild(consumer)],
      ['webpack', await buildWithWebpack(consumer)],
      ['vite build', await buildWithVite(consumer)],
    ];
    for (const [name, folder] of built) {
      // The esbuild page (workers from the relay, through blob: wrappers) runs under the CSP the
      // README asks hosts for: a violation is a console error, and the test fails on those.
      const headers = (): Record<string, string> => (name === 'esbuild' ? { 'Content-Security-Policy': hostCsp(relay.url) } : {});
      const server: StaticServer = await serveFolder(folder, headers);
      cleanup.push(() => server.close());
      pages.set(name, server.origin);
    }
    const dev = await startViteDev(consumer, await freePort());
    cleanup.push(() => dev.close());
    pages.set('vite dev', dev.origin);

    relay = await startConsumerRelay(consumer, [...pages.values()], SESSION);
    cleanup.push(() => relay.stop());
    await shareAsCustomer(consumer, relay, [fixture(`pdf/${PDF}`), fixture(`docx/${DOCX}`), fixture(`csv/${CSV}`)], GREETING);
    browser = await launchChromium();
    cleanup.push(() => browser.close());
  });

  after(async () => {
    for (const step of cleanup.reverse()) await step().catch(() => {});
  });

  // Where each page's workers come from: the copy the bundler emitted next to its code where it
  // emits one, else the relay (esbuild keeps `new URL(…, import.meta.url)` as it is; Vite's dev
  // server pre-bundles the package into a folder the workers are not copied to).
  const workersFrom: Record<string, 'page' | 'relay'> = {
    'script tag': 'page',
    esbuild: 'relay',
    webpack: 'page',
    'vite build': 'page',
    'vite dev': 'relay',
  };
  for (const [name, from] of Object.entries(workersFrom)) {
    test(`${name}: previews and the emoji picker work against the relay`, async () => {
      const origin = pages.get(name)!;
      const token = await relay.token('technician', `Technician (${name})`);
      const rec = await checkHostPage(browser, `${origin}/#server=${encodeURIComponent(relay.url)}&token=${encodeURIComponent(token)}`);
      assert.deepEqual(rec.errors, [], 'page errors');
      assert.deepEqual(rec.failed, [], 'failed requests');
      const expected = from === 'page' ? origin : `${relay.url}/assets/session-chat/`;
      assert.ok(rec.workers.length >= 2, `workers started: ${rec.workers.join(', ')}`);
      for (const url of rec.workers.filter((u) => !u.startsWith('blob:'))) assert.ok(url.startsWith(expected), `${url} comes from ${expected}`);
    });
  }

  test('script tag, launcher: the conversation first, the full widget from the same folder on the first click', async () => {
    const token = await relay.token('technician', 'Technician (launcher)');
    const rec = await checkLauncherPage(browser, `${pages.get('script tag')}/launcher.html#server=${encodeURIComponent(relay.url)}&token=${encodeURIComponent(token)}`);
    assert.deepEqual(rec.errors, [], 'page errors');
    assert.deepEqual(rec.failed, [], 'failed requests');
  });
});
