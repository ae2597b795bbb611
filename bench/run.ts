/**
 * Relay benchmark: bare `ws`, Socket.IO rooms and the session-chat relay, each in its own
 * child process, driven by a raw-TCP load generator in this process. Prints figures and ratios,
 * asserts nothing, sends traffic to 127.0.0.1 only. Writes bench/results/latest.json.
 *
 *   npm run bench                       full run (about 6–7 minutes)
 *   npm run bench -- --quick            smoke run (about 1 minute; or BENCH_QUICK=1 npm run bench)
 *   node --import tsx bench/run.ts --servers=relay --workloads=250x4 --profile
 *
 * Options: --quick, --servers=ws,socketio,relay, --workloads=250x4,1x200, --no-idle,
 * --no-fsync (skip the extra fsync run of the relay), --profile (V8 CPU profile of every server
 * child into bench/results/profiles/<run>/<server>-<phase>/; bench/profile-summary.ts reads them),
 * --diagnose (also run the relay with an event log that stores nothing, to isolate what
 * persistence costs; not part of the default run), --fixed-rate=N and --fixed-seconds=S (the
 * fixed-rate step of 250x4, default 5000/s for 15 s), --no-ramp (fixed-rate step only: with
 * --profile, profiles of every server at one and the same rate), --server-node-flags="--trace-gc"
 * (extra node flags for the server children; their output goes to this terminal),
 * --relay-gc-default (the relay with V8's default garbage collector settings instead of as
 * `session-chat serve` runs it, with allocation-site pretenuring off: server/gc-tuning.ts).
 */
import { execSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { idleMemory, quiet } from './measure.js';
import { bareWs, relayProtocol, socketIo, type Protocol, type ServerKind } from './protocols.js';
import { computeRatios, ratiosBlock, table, writeJson, type ServerResults } from './report.js';
import { ServerProcess } from './server-process.js';
import { relayEntry } from './servers/relay.js';
import { describe, fail, log, logErrors, sideBySideConfig, workloadSideBySide } from './side-by-side.js';
import type { Shape } from './workload.js';

const { values: flags } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    servers: { type: 'string', default: 'ws,socketio,relay' },
    workloads: { type: 'string', default: '250x4,1x200' },
    'no-idle': { type: 'boolean', default: false },
    'no-fsync': { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    diagnose: { type: 'boolean', default: false },
    'fixed-rate': { type: 'string' },
    'fixed-seconds': { type: 'string' },
    'no-ramp': { type: 'boolean', default: false },
    'server-node-flags': { type: 'string', default: '' },
    'relay-gc-default': { type: 'boolean', default: false },
  },
  strict: true,
});

// BENCH_QUICK=1: with several benchmarks chained in package.json, npm hands `-- --quick` to the last one only.
const quick = (flags.quick ?? false) || process.env.BENCH_QUICK === '1';
quiet.budgetMs = quick ? 5_000 : 45_000;
const config = {
  quick,
  ...sideBySideConfig({
    quick,
    startRate: 10_000,
    fixedRate: flags['fixed-rate'],
    fixedSeconds: flags['fixed-seconds'],
    noRamp: flags['no-ramp'],
  }),
  idleTarget: quick ? 1000 : 10_000,
};

const SHAPES: Record<string, Shape> = {
  '250x4': { name: '250x4', sessions: 250, members: 4 },
  '1x200': { name: '1x200', sessions: 1, members: 200 },
};

const LABELS: Record<string, string> = {
  ws: 'bare ws',
  socketio: 'socket.io',
  relay: 'relay',
  'relay-fsync': 'relay fsync',
  'relay-nolog': 'relay no log',
};

const secret = randomBytes(24).toString('hex');
const resultsDir = fileURLToPath(new URL('./results/', import.meta.url));
const runStamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
const profileDir = `${resultsDir}profiles/${runStamp}-${process.pid}/`;

function fileLimit(): number {
  try {
    const out = execSync('ulimit -n', { shell: '/bin/sh', encoding: 'utf8' }).trim();
    return out === 'unlimited' ? Infinity : Number(out);
  } catch {
    return 1024;
  }
}

function protocolOf(kind: ServerKind): Protocol {
  return kind === 'ws' ? bareWs : kind === 'socketio' ? socketIo : relayProtocol(secret);
}

interface Planned {
  key: string;
  kind: ServerKind;
  args: string[];
  workloads: string[];
  idle: boolean;
}

function startServer(p: Planned, phase: string): Promise<ServerProcess> {
  return ServerProcess.start(p.kind, {
    args: p.args,
    env: { BENCH_SECRET: secret },
    cpuProfDir: flags.profile ? `${profileDir}${p.key}-${phase}` : undefined,
    nodeFlags: flags['server-node-flags']!.split(' ').filter(Boolean),
  });
}

/** Idle memory: one fresh server at a time (memory does not suffer from the other servers' steps). */
async function idlePhase(p: Planned, r: ServerResults, connections: number): Promise<void> {
  let server: ServerProcess | undefined;
  try {
    server = await startServer(p, 'idle');
    describe(r, server);
    const idle = await idleMemory(protocolOf(p.kind), server, connections);
    r.idle = idle;
    log(
      `  ${r.label.padEnd(12)} idle   ${idle.connections} connections in ${idle.sessions} sessions of 4 (opened in ${(idle.openMs / 1000).toFixed(1)} s): ` +
        `RSS ${idle.rssPerConnKB.toFixed(2)} KB/conn, heapUsed ${idle.heapPerConnKB.toFixed(2)} KB/conn` +
        (idle.closedByServer ? `, ${idle.closedByServer} closed by the server` : ''),
    );
  } catch (error) {
    fail(r, 'idle memory', error);
  } finally {
    await server?.stop();
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  const serverKeys = flags.servers!.split(',').map((s) => s.trim()).filter(Boolean);
  const workloads = flags.workloads!.split(',').map((s) => s.trim()).filter((w) => SHAPES[w]);
  const limit = fileLimit();
  // Each side holds one socket per connection; the relay may also hold a log file per session.
  const idleConnections = Math.max(4, Math.min(config.idleTarget, Math.floor(((limit - 1000) * 0.75) / 4) * 4));

  log(`session-chat relay benchmark${quick ? ' (--quick)' : ''}: node ${process.version}, ${cpus().length} cores, all traffic on 127.0.0.1`);
  log(`  load generator: this process; raw TCP WebSocket clients (hand-written upgrade, frame headers parsed, payload only`);
  log(`    scanned for the send timestamp); senders write pre-masked frames (random mask key). Socket.IO is driven with raw`);
  log(`    engine.io frames ("40" connect, "42[...]" events, "3" pongs), not socket.io-client.`);
  log(`  bare ws: JSON.parse each message, then for (peer of room) if (peer !== ws) peer.send(text): the string is`);
  log(`    re-encoded for every recipient (the straightforward code, no encode-once).`);
  log(`  socket.io: websocket transport only, rooms, socket.to(room).emit('m', payload).`);
  log(`  relay: createRelay, JSONL persistence on, rate limit lifted; hello, then 'message' intents; receivers get 'event', sender 'ack'.`);
  log(`  messages: ${config.textBytes} B of text carrying performance.now() at send; latency = receive - send on this process' clock.`);
  log(
    `  ramp: from ${config.startRate.toLocaleString('en-US')} delivered/s x${config.factor} per step (${config.warmupMs} ms warm-up + ${config.measureMs} ms measured) ` +
      `until p99 > 50 ms or delivered < 90 % of offered; fixed rate ${config.fixedRate}/s for ${config.fixedMeasureMs} ms.`,
  );
  log(`  per workload all servers run at once (own processes, all connected) and are measured in turns, step by step,`);
  log(`    so that each figure of each server is taken close in time to the others' (the machine is shared).`);
  log(`  ulimit -n = ${limit}; idle test uses ${idleConnections} connections per server${idleConnections < config.idleTarget ? ` (fewer than ${config.idleTarget} because of ulimit -n)` : ''}, sessions of 4.`);
  log(`  server CPU from /proc/PID/stat (all threads); generator CPU from process.cpuUsage(); "saturated" = >= 90 % of one core;`);
  log(`    "other" = the rest of the machine (/proc/stat): steps wait for it to drop (bounded), a failed noisy step is retried once.`);

  // The relay runs as `session-chat serve` does (V8's allocation-site pretenuring off) unless asked for V8's defaults.
  const relayArgs = flags['relay-gc-default'] ? ['--gc-default'] : [];
  const plan: Planned[] = [];
  for (const key of serverKeys) {
    if (key !== 'ws' && key !== 'socketio' && key !== 'relay') {
      log(`  unknown server "${key}" ignored`);
      continue;
    }
    if (key === 'relay' && !relayEntry()) {
      log('  relay: server/index.ts does not exist yet, skipped');
      continue;
    }
    plan.push({ key, kind: key, args: key === 'relay' ? relayArgs : [], workloads, idle: !flags['no-idle'] });
  }
  if (plan.some((p) => p.key === 'relay') && !quick && !flags['no-fsync'] && workloads.includes('250x4')) {
    plan.push({ key: 'relay-fsync', kind: 'relay', args: ['--fsync', ...relayArgs], workloads: ['250x4'], idle: false });
  }

  if (flags.diagnose && plan.some((p) => p.key === 'relay')) {
    plan.push({ key: 'relay-nolog', kind: 'relay', args: ['--memory-log', ...relayArgs], workloads, idle: false });
  }

  const results: Record<string, ServerResults> = {};
  for (const p of plan) {
    results[p.key] = { label: LABELS[p.key]!, description: '', ramps: {}, messagesSent: {}, memoryBefore: {}, memoryAfter: {}, errors: [] };
  }
  if (plan.some((p) => p.idle)) {
    log();
    log('idle memory (one server at a time) ...');
    for (const p of plan) if (p.idle) await idlePhase(p, results[p.key]!, idleConnections);
  }
  for (const name of workloads) {
    const entries = plan.filter((p) => p.workloads.includes(name)).map((p) => ({ planned: p, results: results[p.key]! }));
    if (entries.length === 0) continue;
    log();
    log(`${name}: ${entries.map((e) => e.results.label).join(', ')} side by side, measured in turns ...`);
    await workloadSideBySide(
      SHAPES[name]!,
      entries.map((e) => ({ results: e.results, protocol: protocolOf(e.planned.kind), start: () => startServer(e.planned, name) })),
      config,
    );
  }

  const ratios = computeRatios(results);
  log();
  log(table(results, workloads, config.fixedRate));
  log();
  log(ratiosBlock(ratios));
  logErrors(results);
  const seconds = (performance.now() - started) / 1000;
  log();
  if (quiet.waitedMs > 1000) log(`waited ${(quiet.waitedMs / 1000).toFixed(0)} s in total for other processes on this machine to quieten down`);
  log(`done in ${seconds.toFixed(0)} s; figures in bench/results/latest.json and run-${runStamp}.json`);
  log('medians of several runs: node --import tsx bench/median.ts bench/results/run-*.json');
  if (flags.profile) {
    log(`CPU profiles in ${profileDir}; summarise one with`);
    log(`  node --import tsx bench/profile-summary.ts ${profileDir}relay-250x4 --messages ${results.relay?.messagesSent['250x4'] ?? 'N'}`);
  }
  const record = {
    date: new Date().toISOString(),
    node: process.version,
    cores: cpus().length,
    cpuModel: cpus()[0]?.model,
    config: { ...config, ulimit: limit, idleConnections, workloads, servers: serverKeys },
    results,
    ratios,
    seconds,
  };
  await writeJson(`${resultsDir}latest.json`, record);
  await writeJson(`${resultsDir}run-${runStamp}.json`, record);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
