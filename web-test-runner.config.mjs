// Browser tests: real headless Chromium, the element served by the dev server, and a REAL
// relay started here (no mocks). Tests reach the relay through the /__relay/* routes below.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultReporter } from '@web/test-runner';
import { chromeLauncher } from '@web/test-runner-chrome';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { fromRollup } from '@web/dev-server-rollup';
import commonjs from '@rollup/plugin-commonjs';
import { a11ySnapshotPlugin } from '@web/test-runner-commands/plugins';
import { pino } from 'pino';
import { summaryReporter } from './test/browser/support/summary-reporter.mjs';
import { previewMiddleware, previewPlugins } from './test/browser/support/preview-server.mjs';
import { reactPlugins } from './test/browser/support/react-server.mjs';
import { mediaFeaturesPlugin } from './test/browser/support/media-features.mjs';
import { CHROMIUM_FLAGS } from './test/support/chromium-flags.mjs';

const serverEntry = new URL('./dist/server/index.js', import.meta.url);
if (!existsSync(serverEntry)) {
  throw new Error('dist/server/index.js is missing: build the relay first with `npx tsc -p tsconfig.build.json`');
}
const { createRelay, createToken, FileEventLog } = await import(serverEntry.href);
const { longSessionEvents, writeSessionLog } = await import('./test/support/long-session.mjs');

const secret = 'browser-tests-secret-0123456789abcdef';
const dataDir = await mkdtemp(join(tmpdir(), 'session-chat-wtr-'));
const relayOptions = { host: '127.0.0.1', secret, dataDir, allowedOrigins: '*', logger: pino({ level: 'silent' }) };

/** Options a test asked for with `POST /__relay/restart?maxFileBytes=N&leaveGraceMs=N&converter=libreoffice`; a plain restart resets them. */
let testOptions = {};
/**
 * File downloads the relay answered (method, path without the query, so no token, and status),
 * for tests that check media plays from byte ranges: `GET /__relay/file-requests[?clear=1]`.
 */
const fileRequests = [];
function watchFiles(started) {
  started.server.on('request', (req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (!path.includes('/files/')) return;
    res.on('finish', () => {
      fileRequests.push({ method: req.method, path, range: req.headers.range ?? null, status: res.statusCode });
      if (fileRequests.length > 2000) fileRequests.splice(0, 1000);
    });
  });
  return started;
}
let relay = watchFiles(await createRelay({ ...relayOptions, port: 0 }));
const port = relay.port;
/** Relay stops and starts run one after another, never interleaved. */
let lifecycle = Promise.resolve();
const serially = (step) => (lifecycle = lifecycle.then(step, step));

const stopRelay = () =>
  serially(async () => {
    if (!relay) return;
    const closing = relay;
    relay = null;
    await closing.close();
  });
const startRelay = () =>
  serially(async () => {
    if (!relay) relay = watchFiles(await createRelay({ ...relayOptions, ...testOptions, port }));
  });

async function relayRoutes(ctx, next) {
  if (!ctx.path.startsWith('/__relay/')) return next();
  const route = `${ctx.method} ${ctx.path}`;
  const q = ctx.query;
  try {
    if (route === 'GET /__relay/info') {
      ctx.body = { server: `http://127.0.0.1:${port}`, running: relay !== null };
    } else if (route === 'GET /__relay/token') {
      const options = { secret, sessionId: String(q.session), role: String(q.role ?? 'customer'), name: String(q.name ?? 'Guest') };
      if (q.participant) options.participantId = String(q.participant);
      if (q.ttl) options.ttl = /^\d+$/.test(String(q.ttl)) ? Number(q.ttl) : String(q.ttl);
      if (q.customer) options.customer = String(q.customer);
      ctx.body = { token: await createToken(options) };
    } else if (route === 'GET /__relay/file-requests') {
      ctx.body = { requests: [...fileRequests] };
      if (q.clear) fileRequests.length = 0;
    } else if (route === 'POST /__relay/restart') {
      testOptions = q.maxFileBytes ? { maxFileBytes: Number(q.maxFileBytes) } : {};
      if (q.leaveGraceMs) testOptions.leaveGraceMs = Number(q.leaveGraceMs);
      if (q.converter) testOptions.converter = String(q.converter);
      await stopRelay();
      await startRelay();
      ctx.body = { ok: true };
    } else if (route === 'POST /__relay/seed-long-session') {
      // A long session's log written through the storage API while the relay is stopped:
      // `events` events spread over `days` days up to a minute ago (test/support/long-session.mjs).
      const now = Date.now();
      const events = longSessionEvents({ count: Number(q.events), start: now - Number(q.days) * 86_400_000, end: now - 60_000 });
      testOptions = {};
      await stopRelay();
      try {
        await writeSessionLog(FileEventLog, dataDir, String(q.session), events);
      } finally {
        await startRelay();
      }
      ctx.body = { ok: true, now };
    } else if (route === 'POST /__relay/log-file') {
      // Hides a session's log file from the relay's reads (`action=hide`: reading history then
      // fails for real, STORAGE_FAILED) or puts it back (`action=restore`).
      const path = new FileEventLog({ dataDir }).pathOf(String(q.session));
      if (q.action === 'hide') await rename(path, `${path}.hidden`);
      else await rename(`${path}.hidden`, path);
      ctx.body = { ok: true };
    } else if (route === 'POST /__relay/stop') {
      await stopRelay();
      ctx.body = { ok: true };
    } else if (route === 'POST /__relay/start') {
      await startRelay();
      ctx.body = { ok: true };
    } else {
      ctx.status = 404;
      ctx.body = { error: `no route ${route}` };
    }
  } catch (error) {
    ctx.status = 500;
    ctx.body = { error: String(error?.stack ?? error) };
  }
}

/**
 * The full emoji picker's data, served by the dev server as the relay serves it at
 * `GET /emoji/data.json`, so the picker never reaches for its default CDN. Counts requests so
 * tests can tell it was used.
 */
const emojiDataPath = new URL('./node_modules/emoji-picker-element-data/en/emojibase/data.json', import.meta.url);
let emojiData = null;
let emojiDataRequests = 0;
async function emojiDataRoute(ctx, next) {
  if (ctx.path === '/__emoji/requests') {
    ctx.body = { count: emojiDataRequests };
    return;
  }
  if (ctx.path !== '/emoji/data.json') return next();
  emojiDataRequests += 1;
  emojiData ??= await readFile(emojiDataPath).then((body) => ({ body, etag: `"${createHash('sha1').update(body).digest('base64url')}"` }));
  ctx.set('ETag', emojiData.etag);
  ctx.set('Cache-Control', 'no-cache');
  ctx.type = 'application/json';
  ctx.body = emojiData.body;
}

export default {
  files: ['test/browser/**/*.test.ts'],
  // `browser: true` as in rollup.config.mjs: tus-js-client (uploads) has a browser build.
  nodeResolve: { browser: true },
  // Tests restart the one shared relay: run files one at a time so none sees another's restart.
  concurrency: 1,
  browsers: [
    chromeLauncher({
      // Copy writes to the real clipboard; the tests read it back. Notifications are granted
      // so that the tests see real system notifications from a hidden page.
      async createBrowserContext({ browser, config }) {
        const context = browser.defaultBrowserContext();
        await context.overridePermissions(`http://${config.hostname}:${config.port}`, ['clipboard-read', 'clipboard-write', 'clipboard-sanitized-write', 'notifications']);
        return context;
      },
      launchOptions: {
        executablePath: '/usr/bin/chromium',
        headless: true,
        args: [
          '--headless=new',
          ...CHROMIUM_FLAGS,
          // A fake microphone (a beeping tone) granted without a prompt, for the voice message
          // tests (test/browser/voice-*.test.ts); no other test asks for a microphone. On the
          // one launcher rather than a group of their own: a config group runs on every
          // invocation, also one given `--files` of another test.
          '--use-fake-device-for-media-stream',
          '--use-fake-ui-for-media-stream',
        ],
      },
    }),
  ],
  plugins: [
    esbuildPlugin({ ts: true, tsconfig: new URL('./tsconfig.json', import.meta.url).pathname }),
    // Accessible names as the browser computes them (sendKeys and the others are built in).
    a11ySnapshotPlugin(),
    // React and react-dom as ES modules (CommonJS only; for the React wrapper's test). Before the
    // CommonJS transforms below, whose serve hooks would look for its paths on disk.
    ...reactPlugins(),
    // Forced colours and other media features the built-in emulateMedia leaves to Playwright.
    mediaFeaturesPlugin(),
    // papaparse and mammoth are CommonJS (for the previewers).
    ...previewPlugins(),
    // tus-js-client's CommonJS dependencies (uploads from the page).
    fromRollup(commonjs)({ strictRequires: false, include: ['**/node_modules/url-parse/**', '**/node_modules/querystringify/**', '**/node_modules/requires-port/**'] }),
    // Closes the relay and removes its data when the runner stops.
    { name: 'session-chat-relay', serverStop: () => cleanUp() },
  ],
  middleware: [previewMiddleware, relayRoutes, emojiDataRoute],
  testFramework: { config: { timeout: 20000 } },
  testsFinishTimeout: 120000,
  reporters: [defaultReporter(), summaryReporter()],
};

let cleaned = false;
async function cleanUp() {
  if (cleaned) return;
  cleaned = true;
  await stopRelay().catch(() => {});
  await rm(dataDir, { recursive: true, force: true }).catch(() => {});
}
