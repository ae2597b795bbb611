/**
 * The relay of the upload benchmark, in its own process: `node --import tsx bench/upload-relay.ts
 * DATA_DIR`. Reports its port over IPC, answers `{ type: 'mem' }` with process.memoryUsage(),
 * and closes on `{ type: 'stop' }`.
 */
import { pino } from 'pino';
import { createRelay } from '../server/index.js';

const dataDir = process.argv[2];
if (!dataDir || !process.send) {
  process.stderr.write('usage: run by bench/upload.ts (needs DATA_DIR and an IPC channel)\n');
  process.exit(2);
}

const relay = await createRelay({
  port: 0,
  host: '127.0.0.1',
  dataDir,
  secret: process.env.SESSION_CHAT_SECRET,
  logger: pino({ level: process.env.LOG_LEVEL ?? 'silent' }),
  rateLimit: { perSecond: 10_000, burst: 10_000 },
});

process.on('message', (raw) => {
  const request = raw as { type: string };
  if (request.type === 'mem') {
    const m = process.memoryUsage();
    process.send!({ type: 'mem', mem: { rss: m.rss, heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers } });
  } else if (request.type === 'stop') {
    const timer = setTimeout(() => process.exit(0), 3_000);
    void relay.close().finally(() => {
      clearTimeout(timer);
      process.exit(0);
    });
  }
});
process.send({ type: 'ready', port: relay.port });
