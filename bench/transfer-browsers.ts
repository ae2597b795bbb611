/**
 * "Send directly (not stored)" between two real Chromium browsers on loopback, through the demo
 * pages as `npm start` serves them: the technician sends a generated 1 GiB file (100 MiB with
 * --quick) and the customer accepts it into the origin's private file system (a profile on
 * disk). Measured twice: peer to peer (WebRTC data channel) and through the relay (every peer
 * connection limited to TURN servers, of which there are none: ICE fails, the widget falls back
 * to the relay's pipe). Prints the throughput from Accept to "Received and checked", the pages'
 * largest renderer RSS and JS heap, and for the relayed run the relay's peak RSS growth and its
 * disk growth.
 *
 *   node --import tsx bench/transfer-browsers.ts [--quick] [--size MiB] [--only direct|relay]
 *
 * Needs `npm run build` (the demo serves the built widget). The relay runs with no byte rate
 * (SESSION_CHAT_LIVE_TRANSFER_BYTES_PER_SECOND=0), so the figure is what the path carries.
 * Exits 1 when a SHA-256 differs, a run took the wrong path, the relay's RSS grew 50 MiB or
 * more, or the relay wrote the file to its disk.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { launchChromium } from '../test/e2e/support/browser.js';
import { startDemo } from '../test/e2e/support/demo-server.js';
import { MiB, describeFigures, generatedFile, timedTransfer, withTransferBrowsers } from '../test/e2e/support/live-transfer-pages.js';
import { bytesUnder, rssOf } from '../test/node/support/transfer-pipes.js';

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    size: { type: 'string' },
    only: { type: 'string' },
  },
});
const sizeMiB = args.size !== undefined ? Number(args.size) : args.quick ? 100 : 1024;
if (!(Number.isInteger(sizeMiB) && sizeMiB >= 1)) throw new TypeError('--size MiB: a whole number >= 1');
const modes = (['direct', 'relay'] as const).filter((mode) => args.only === undefined || args.only === mode);

const dir = await mkdtemp(join(tmpdir(), 'session-chat-transfer-browsers-'));
const demo = await startDemo({ SESSION_CHAT_LIVE_TRANSFER_BYTES_PER_SECOND: '0' });
const browser = await launchChromium(['--enable-precise-memory-info']);
let failed = false;
console.log(`Live transfer between two Chromium browsers (loopback, through the demo pages; relay with no byte rate)`);
try {
  const file = await generatedFile(dir, sizeMiB * MiB);
  for (const mode of modes) {
    const pid = demo.process.pid!;
    const rssBefore = await rssOf(pid);
    const diskBefore = await bytesUnder(demo.dataDir);
    let rssMax = rssBefore;
    const sampler = setInterval(() => void rssOf(pid).then((rss) => (rssMax = Math.max(rssMax, rss)), () => {}), 100);
    try {
      const figures = await withTransferBrowsers(browser, dir, mode === 'direct', (sender, receiver) => timedTransfer(demo.url, sender, receiver, file, 1_800_000));
      const growth = rssMax - rssBefore;
      const diskGrowth = (await bytesUnder(demo.dataDir)) - diskBefore;
      const hashOk = figures.sha256 === file.sha256;
      const pathOk = figures.path === (mode === 'direct' ? 'direct' : 'through the relay');
      console.log(`${describeFigures(sizeMiB, figures)}`);
      console.log(`  relay RSS growth (peak) ${(growth / MiB).toFixed(1)} MiB, relay disk growth ${diskGrowth} bytes; SHA-256 equal: ${hashOk ? 'yes' : 'NO'}`);
      if (!hashOk || !pathOk || (mode === 'relay' && growth >= 50 * MiB) || diskGrowth > 1 * MiB) failed = true;
    } finally {
      clearInterval(sampler);
    }
  }
} finally {
  await browser.close();
  await demo.stop();
  await rm(dir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
