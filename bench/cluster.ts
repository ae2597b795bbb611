/**
 * Cluster benchmark (scale-out): the same 250 × 4 workload, side by side in one run, on
 *   1. one relay on files (the default: JSONL logs in a folder),
 *   2. one relay on Redis (events in Redis, session leases),
 *   3. two relays on Redis behind nginx (the README's balancer config, round robin, no sticky
 *      sessions: a session's four participants land on both processes, and the process that
 *      does not hold the session passes their sockets to the one that does),
 *   4. the same with the README's by-session balancing (nginx hashes the session id: every
 *      socket reaches the holder, nothing is passed on),
 *   5. two Socket.IO servers with `@socket.io/redis-adapter` behind the round-robin config,
 * with one redis-server of its own (AOF, appendfsync everysec) for 2–5, on a free loopback port.
 * Prints delivered msg/s at p99 <= 50 ms and server CPU per delivered message (every process of
 * a server counted: its members, its nginx and the Redis), asserts nothing, sends traffic to
 * 127.0.0.1 only. Writes bench/results/cluster-latest.json.
 *
 *   node --import tsx bench/cluster.ts [--quick] [--fixed-rate=N] [--fixed-seconds=S] [--no-ramp]
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startNginxCluster, type Balancing } from '../test/support/nginx.js';
import { startRedis, type TestRedis } from '../test/support/redis-server.js';
import { quiet } from './measure.js';
import type { MeasuredServer } from './measured-server.js';
import { relayProtocol, socketIo, type ServerKind } from './protocols.js';
import { table, writeJson, type ServerResults } from './report.js';
import { ServerGroup, type Helper } from './server-group.js';
import { ServerProcess } from './server-process.js';
import { relayEntry } from './servers/relay.js';
import { log, logErrors, sideBySideConfig, workloadSideBySide, type Entrant, type SideBySideConfig } from './side-by-side.js';

const { values: flags } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    'fixed-rate': { type: 'string' },
    'fixed-seconds': { type: 'string' },
    'no-ramp': { type: 'boolean', default: false },
  },
  strict: true,
});
const quick = (flags.quick ?? false) || process.env.BENCH_QUICK === '1';
quiet.budgetMs = quick ? 5_000 : 45_000;
const config: SideBySideConfig = sideBySideConfig({
  quick,
  startRate: 5_000,
  fixedRate: flags['fixed-rate'],
  fixedSeconds: flags['fixed-seconds'],
  noRamp: flags['no-ramp'],
});
const SHAPE = { name: '250x4', sessions: 250, members: 4 };
const secret = randomBytes(24).toString('hex');
const env = { BENCH_SECRET: secret };

function result(label: string): ServerResults {
  return { label, description: '', ramps: {}, messagesSent: {}, memoryBefore: {}, memoryAfter: {}, errors: [] };
}

/** The shared Redis as a helper of a group: its CPU is counted, the group never stops it. */
function counted(redis: TestRedis): Helper {
  return {
    name: 'redis',
    get pid() {
      return redis.pid;
    },
  };
}

/** `members` processes of one kind behind the README's nginx balancer, measured with the Redis. */
async function behindNginx(
  kind: ServerKind,
  members: number,
  args: () => string[],
  redis: TestRedis,
  options: { balancing?: Balancing; cleanup?: () => Promise<void> } = {},
): Promise<MeasuredServer> {
  const { balancing = 'round-robin', cleanup } = options;
  const started: ServerProcess[] = [];
  try {
    for (let i = 0; i < members; i++) started.push(await ServerProcess.start(kind, { args: args(), env }));
    const nginx = await startNginxCluster(started.map((s) => s.port), balancing);
    const port = Number(new URL(nginx.url).port);
    const what = `${members} × (${started[0]!.description}) behind nginx (README config, ${balancing === 'by-session' ? 'by session: hash of the session id' : 'round robin'}), Redis counted`;
    return new ServerGroup(port, what, started, [{ name: 'nginx', pid: nginx.pid, close: nginx.close }, counted(redis), { close: cleanup }]);
  } catch (error) {
    await Promise.all(started.map((s) => s.stop()));
    await cleanup?.();
    throw error;
  }
}

function ratio(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined || b === undefined || !Number.isFinite(a) || !Number.isFinite(b) || b === 0 ? undefined : a / b;
}

async function main(): Promise<void> {
  const started = performance.now();
  if (!relayEntry()) throw new Error('server/index.ts is missing');
  log(`session-chat cluster benchmark${quick ? ' (--quick)' : ''}: node ${process.version}, ${cpus().length} cores, all traffic on 127.0.0.1`);
  log('  250 x 4 (one sender per session), the load generator of the relay benchmark; server CPU = every process of the server');
  log('    (relay or Socket.IO members, their nginx, and the Redis for those on Redis); all servers run at once, measured in turns.');
  const redis = await startRedis({ appendfsync: 'everysec' });
  log(`  redis-server on 127.0.0.1:${redis.port}, AOF appendfsync everysec (an ack survives a relay crash; up to 1 s of acks may be lost if the machine fails)`);
  const results = {
    'relay-files': result('1 relay files'),
    'relay-redis': result('1 relay Redis'),
    'relay-2': result('2 relays Redis'),
    'relay-2-by-session': result('2 relays by session'),
    'socketio-2': result('2 socket.io Redis'),
  };
  const relay = relayProtocol(secret);
  const entrants: Entrant[] = [
    { results: results['relay-files'], protocol: relay, start: () => ServerProcess.start('relay', { env }) },
    {
      results: results['relay-redis'],
      protocol: relay,
      start: async () => {
        const one = await ServerProcess.start('relay', { args: [`--redis=${redis.url}`, '--redis-prefix=bench-one:'], env });
        return new ServerGroup(one.port, `${one.description}, Redis counted`, [one], [counted(redis)]);
      },
    },
    ...(['round-robin', 'by-session'] as const).map((balancing) => ({
      results: results[balancing === 'round-robin' ? 'relay-2' : 'relay-2-by-session'],
      protocol: relay,
      start: async () => {
        const shared = await mkdtemp(join(tmpdir(), 'session-chat-bench-shared-'));
        const args = (): string[] => [`--redis=${redis.url}`, `--redis-prefix=bench-${balancing}:`, `--data-dir=${shared}`];
        return behindNginx('relay', 2, args, redis, { balancing, cleanup: () => rm(shared, { recursive: true, force: true }) });
      },
    })),
    { results: results['socketio-2'], protocol: socketIo, start: () => behindNginx('socketio', 2, () => [`--redis=${redis.url}`], redis) },
  ];
  try {
    log();
    log(`250x4: ${entrants.map((e) => e.results.label).join(', ')} side by side, measured in turns ...`);
    await workloadSideBySide(SHAPE, entrants, config);
  } finally {
    await redis.close();
  }
  const delivered = (key: keyof typeof results): number | undefined => results[key].ramps['250x4']?.best?.delivered;
  const cpu = (key: keyof typeof results): number | undefined => results[key].fixed?.serverUsPerDelivered;
  const ratios = {
    '2 relays / 1 relay on Redis, delivered msg/s': ratio(delivered('relay-2'), delivered('relay-redis')),
    '2 relays / 2 socket.io on Redis, delivered msg/s': ratio(delivered('relay-2'), delivered('socketio-2')),
    '2 relays by session / 1 relay on Redis, delivered msg/s': ratio(delivered('relay-2-by-session'), delivered('relay-redis')),
    '2 relays by session / 2 socket.io on Redis, delivered msg/s': ratio(delivered('relay-2-by-session'), delivered('socketio-2')),
    '1 relay on Redis / 1 relay on files, delivered msg/s': ratio(delivered('relay-redis'), delivered('relay-files')),
    '2 relays / 1 relay on Redis, CPU per delivered': ratio(cpu('relay-2'), cpu('relay-redis')),
    '2 relays / 2 socket.io on Redis, CPU per delivered': ratio(cpu('relay-2'), cpu('socketio-2')),
  };
  log();
  log(table(results, ['250x4'], config.fixedRate));
  log();
  log(`where the server CPU goes at the fixed rate, us per delivered message:`);
  for (const r of Object.values(results)) {
    const parts = r.fixed?.serverPartsUsPerDelivered;
    if (parts) log(`  ${r.label.padEnd(18)} ${Object.entries(parts).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ')}`);
  }
  log();
  log('CLUSTER RATIOS');
  const f = (n: number | undefined): string => (n === undefined ? 'n/a' : n.toFixed(2));
  for (const [k, v] of Object.entries(ratios)) {
    const aim = /^2 relays( by session)? \/ 1 relay on Redis, delivered/.test(k) ? '   (aim >= 1.6)' : /^2 relays( by session)? \/ 2 socket.io on Redis, delivered/.test(k) ? '   (aim >= 1.5)' : '';
    log(`  ${k}: ${f(v)}${aim}`);
  }
  logErrors(results);
  const seconds = (performance.now() - started) / 1000;
  log();
  log(`done in ${seconds.toFixed(0)} s; figures in bench/results/cluster-latest.json`);
  const resultsDir = fileURLToPath(new URL('./results/', import.meta.url));
  await writeJson(`${resultsDir}cluster-latest.json`, { date: new Date().toISOString(), node: process.version, cores: cpus().length, config, results, ratios, seconds });
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
