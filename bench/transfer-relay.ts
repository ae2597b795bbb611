/**
 * Live transfer through the relay (the fallback when two browsers cannot connect directly):
 * 1 GiB (100 MiB with --quick) of pseudo-random chunks goes from a sender socket through a relay
 * in a child process to one receiver, or to several at once (--receivers N: one pipe each, as
 * the browsers do), over loopback. Prints the throughput per receiver and in all, and the
 * relay's peak RSS growth sampled from /proc/PID/status every 50 ms; checks every receiver's
 * SHA-256 against the sender's and that the relay's data folder did not grow.
 *
 *   node --import tsx bench/transfer-relay.ts [--quick] [--size MiB] [--receivers N] [--chunk KiB]
 *
 * The relay runs with liveTransferBytesPerSecond 0 (no byte rate), so the figure is what the
 * relay can carry. Exits 1 when a hash differs, the RSS grew 50 MiB or more, or anything was
 * written to the relay's disk.
 */
import { rm } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { startChildRelay } from '../test/node/support/child-relay.js';
import { makeTempDir, tokenFor } from '../test/node/support/relay-harness.js';
import { bytesUnder, generatedFile, openPipeEnd, pipeUrl, receiveBytes, rssOf, sendChunks } from '../test/node/support/transfer-pipes.js';

const MiB = 1024 * 1024;
const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    size: { type: 'string' },
    receivers: { type: 'string', default: '1' },
    chunk: { type: 'string', default: '256' },
  },
});
const sizeMiB = args.size !== undefined ? Number(args.size) : args.quick ? 100 : 1024;
const receivers = Number(args.receivers);
const chunkBytes = Number(args.chunk) * 1024;
if (!(sizeMiB >= 1) || !(receivers >= 1 && receivers <= 8) || !(chunkBytes >= 1024 && chunkBytes <= MiB)) {
  throw new TypeError('--size MiB >= 1, --receivers 1-8, --chunk 1-1024 KiB');
}
const count = Math.ceil((sizeMiB * MiB) / chunkBytes);

const dataDir = await makeTempDir('session-chat-transfer-bench-');
const relay = await startChildRelay(dataDir, { RELAY_TRANSFER_RATE: '0' });
let failed = false;
try {
  const file = generatedFile(chunkBytes, count);
  const pairs = await Promise.all(
    Array.from({ length: receivers }, async (_, i) => {
      const address = { sessionId: 'bench-transfer', transferId: 'tr-bench', receiverId: `receiver-${i}` };
      const receiver = await openPipeEnd(pipeUrl(relay.url, address, 'receive', await tokenFor(address.sessionId, address.receiverId, 'customer')));
      const sender = await openPipeEnd(pipeUrl(relay.url, address, 'send', await tokenFor(address.sessionId, 'sender', 'technician')));
      return { sender, receiver };
    }),
  );
  const diskBefore = await bytesUnder(dataDir);
  const rssBefore = await rssOf(relay.child.pid!);
  let rssMax = rssBefore;
  const sampler = setInterval(() => void rssOf(relay.child.pid!).then((rss) => (rssMax = Math.max(rssMax, rss)), () => {}), 50);
  const started = performance.now();
  const results = await Promise.all(
    pairs.map(async ({ sender, receiver }) => {
      const [sent, got] = await Promise.all([sendChunks(sender.ws, file, count), receiveBytes(receiver.ws, file.size)]);
      return { sent, got, ms: performance.now() - started };
    }),
  );
  clearInterval(sampler);
  const ms = performance.now() - started;
  const growth = rssMax - rssBefore;
  const diskGrowth = (await bytesUnder(dataDir)) - diskBefore;
  const each = results.map((r) => ((file.size / MiB) / (r.ms / 1000)).toFixed(0));
  console.log('Live transfer through the relay (loopback, relay in a child process, no byte rate)');
  console.log(`size ${(file.size / MiB).toFixed(0)} MiB in ${chunkBytes / 1024} KiB chunks, ${receivers} receiver(s)`);
  console.log(`throughput per receiver: ${each.join(', ')} MiB/s; in all ${((receivers * file.size) / MiB / (ms / 1000)).toFixed(0)} MiB/s over ${(ms / 1000).toFixed(1)} s`);
  console.log(`relay RSS growth (peak): ${(growth / MiB).toFixed(1)} MiB (budget < 50); relay disk growth ${diskGrowth} bytes`);
  const hashesOk = results.every((r) => r.sent === r.got);
  console.log(`SHA-256 equal for every receiver: ${hashesOk ? 'yes' : 'NO'}`);
  failed = !hashesOk || growth >= 50 * MiB || diskGrowth > 64 * 1024;
  for (const { sender, receiver } of pairs) {
    sender.ws.close();
    receiver.ws.close();
  }
} finally {
  relay.child.kill('SIGTERM');
  await relay.exited;
  await rm(dataDir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
