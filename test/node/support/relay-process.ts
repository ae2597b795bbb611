/**
 * A relay in its own process, for crash tests: `node --import tsx relay-process.ts DATA_DIR`.
 * Prints `PORT=<port>` on stdout once listening. Options come from the environment
 * (SESSION_CHAT_SECRET; RELAY_FSYNC=1 for fsync mode; RELAY_PORT to listen on a given port;
 * SESSION_CHAT_REDIS_URL for scale-out, with RELAY_LEASE_MS for its leases; RELAY_IDLE_END_MS and
 * RELAY_LEAVE_GRACE_MS for the idle end; SESSION_CHAT_METRICS_TOKEN for /metrics; RELAY_TRANSFER_RATE
 * for the live transfers' byte rate; RELAY_HISTORY_PAGE_EVENTS for the events a join sends).
 */
import { pino } from 'pino';
import { createRelay } from '../../../server/index.js';

const dataDir = process.argv[2];
if (!dataDir) {
  process.stderr.write('usage: relay-process.ts DATA_DIR\n');
  process.exit(2);
}
const relay = await createRelay({
  // RELAY_PORT: restart on the port a killed relay had, so that clients reconnect to the same URL.
  port: Number(process.env.RELAY_PORT ?? 0),
  host: '127.0.0.1',
  dataDir,
  fsync: process.env.RELAY_FSYNC === '1',
  ...(process.env.RELAY_LEASE_MS ? { leaseMs: Number(process.env.RELAY_LEASE_MS) } : {}),
  ...(process.env.RELAY_IDLE_END_MS ? { idleEndMs: Number(process.env.RELAY_IDLE_END_MS) } : {}),
  ...(process.env.RELAY_LEAVE_GRACE_MS ? { leaveGraceMs: Number(process.env.RELAY_LEAVE_GRACE_MS) } : {}),
  ...(process.env.RELAY_TRANSFER_RATE ? { liveTransferBytesPerSecond: Number(process.env.RELAY_TRANSFER_RATE) } : {}),
  ...(process.env.RELAY_HISTORY_PAGE_EVENTS ? { historyPageEvents: Number(process.env.RELAY_HISTORY_PAGE_EVENTS) } : {}),
  rateLimit: { perSecond: 10_000, burst: 10_000 },
  logger: pino({ level: process.env.LOG_LEVEL ?? 'silent' }),
});
process.stdout.write(`PORT=${relay.port}\n`);
process.on('SIGTERM', () => {
  void relay.close().then(() => process.exit(0));
});
