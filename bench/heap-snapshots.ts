/**
 * Diagnosis: what the relay holds while it carries traffic, beyond what it holds at rest. Starts
 * the relay in its own process (as the relay benchmark does), connects 250 × 4, sends at a fixed
 * rate, takes a heap snapshot of the relay under load, stops, waits, takes another, and prints
 * the difference by kind of object and the retainers of the strings of the most common size.
 * (A heap snapshot collects garbage first: it shows what is reachable when it is taken.)
 *
 *   node --import tsx bench/heap-snapshots.ts [--rate=10000] [--seconds=6] [--keep]
 *   node --import tsx bench/heap-snapshots.ts --idle=2000 [--server=ws]
 *
 * `--idle=N`: instead, what N idle connections (sessions of 4, as the benchmark's idle test)
 * hold: a snapshot before they connect and one after, the difference per connection by kind.
 * `--server=ws` takes the same snapshots of bare `ws`, the baseline to compare with.
 *
 * `--keep` leaves the two .heapsnapshot files in bench/results/ (open them in Chrome DevTools).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sleep } from './measure.js';
import { bareWs, relayProtocol } from './protocols.js';
import { ServerProcess } from './server-process.js';
import { Sink } from './sink.js';
import { Workload } from './workload.js';

const { values: flags } = parseArgs({
  options: {
    rate: { type: 'string', default: '10000' },
    seconds: { type: 'string', default: '6' },
    keep: { type: 'boolean', default: false },
    idle: { type: 'string' },
    server: { type: 'string', default: 'relay' },
  },
});

interface Snapshot {
  kinds: Map<string, { count: number; bytes: number }>;
  /** Retainer chains (up to 4 hops) of strings of 256–511 bytes (encoded events are about 350). */
  eventStrings: Map<string, number>;
}

/** Reads a .heapsnapshot file: objects by kind, and who holds the event-sized strings. */
function read(path: string): Snapshot {
  const snap = JSON.parse(readFileSync(path, 'utf8')) as {
    snapshot: { meta: { node_fields: string[]; node_types: [string[]]; edge_fields: string[]; edge_types: [string[]] } };
    nodes: number[];
    edges: number[];
    strings: string[];
  };
  const { meta } = snap.snapshot;
  const nf = meta.node_fields.length;
  const ef = meta.edge_fields.length;
  const [type, name, size, edgeCount] = ['type', 'name', 'self_size', 'edge_count'].map((f) => meta.node_fields.indexOf(f)) as [number, number, number, number];
  const [edgeType, edgeTo] = ['type', 'to_node'].map((f) => meta.edge_fields.indexOf(f)) as [number, number];
  const { nodes, edges, strings } = snap;
  const count = nodes.length / nf;
  const typeOf = (i: number): string => meta.node_types[0][nodes[i * nf + type]!]!;
  const isString = (i: number): boolean => typeOf(i).includes('string');
  const label = (i: number): string => `${typeOf(i)}:${isString(i) ? '(text)' : strings[nodes[i * nf + name]!]!.slice(0, 40)}`;
  const parent = new Int32Array(count).fill(-1);
  for (let i = 0, e = 0; i < count; i++) {
    for (let k = nodes[i * nf + edgeCount]!; k > 0; k--, e += ef) {
      if (meta.edge_types[0][edges[e + edgeType]!] === 'weak') continue;
      const to = edges[e + edgeTo]! / nf;
      if (parent[to] === -1) parent[to] = i;
    }
  }
  const kinds = new Map<string, { count: number; bytes: number }>();
  const eventStrings = new Map<string, number>();
  for (let i = 0; i < count; i++) {
    const bytes = nodes[i * nf + size]!;
    const kind = isString(i) ? `${typeOf(i)} ${bytes < 256 ? '< 256 B' : bytes < 512 ? '256–511 B' : '>= 512 B'}` : label(i);
    const k = kinds.get(kind) ?? { count: 0, bytes: 0 };
    k.count++;
    k.bytes += bytes;
    kinds.set(kind, k);
    if (isString(i) && bytes >= 256 && bytes < 512) {
      const chain: string[] = [];
      for (let p = parent[i]!, d = 0; p >= 0 && d < 4; p = parent[p]!, d++) chain.push(label(p));
      const key = chain.join(' <- ');
      eventStrings.set(key, (eventStrings.get(key) ?? 0) + 1);
    }
  }
  return { kinds, eventStrings };
}

/** The per-connection difference of two snapshots, by kind of object, largest first. */
function perConnection(before: Snapshot, after: Snapshot, connections: number): void {
  const rows = [...after.kinds].map(([kind, v]) => ({ kind, count: v.count - (before.kinds.get(kind)?.count ?? 0), bytes: v.bytes - (before.kinds.get(kind)?.bytes ?? 0) }));
  const total = rows.reduce((sum, r) => sum + r.bytes, 0);
  console.log(`${connections} idle connections: ${(total / connections).toFixed(0)} B of heap objects per connection (self sizes), by kind:`);
  for (const r of rows.sort((a, b) => b.bytes - a.bytes).slice(0, 30)) {
    console.log(`  ${(r.bytes / connections).toFixed(1).padStart(8)} B ${(r.count / connections).toFixed(2).padStart(7)} objects  ${r.kind}`);
  }
}

async function idle(connections: number): Promise<void> {
  const secret = randomBytes(24).toString('hex');
  const results = fileURLToPath(new URL('./results/', import.meta.url));
  const bare = flags.server === 'ws';
  const server = await ServerProcess.start(bare ? 'ws' : 'relay', { env: { BENCH_SECRET: secret } });
  const stamp = Date.now();
  const paths = [`${results}heap-idle-before-${stamp}.heapsnapshot`, `${results}heap-idle-after-${stamp}.heapsnapshot`] as const;
  let workload: Workload | undefined;
  try {
    await sleep(300);
    await server.heapSnapshot(paths[0]);
    const shape = { name: 'idle', sessions: Math.ceil(connections / 4), members: 4 };
    workload = await Workload.open({ protocol: bare ? bareWs : relayProtocol(secret), port: server.port, shape, sink: new Sink(), sessionPrefix: 'idle', textBytes: 200, withSenders: false, concurrency: 200 });
    await sleep(1500);
    await server.heapSnapshot(paths[1]);
    perConnection(read(paths[0]), read(paths[1]), workload.conns.length);
  } finally {
    workload?.close();
    await server.stop();
    if (!flags.keep) for (const p of paths) rmSync(p, { force: true });
  }
}

async function main(): Promise<void> {
  if (flags.idle) return idle(Number(flags.idle));
  const rate = Number(flags.rate);
  const secret = randomBytes(24).toString('hex');
  const results = fileURLToPath(new URL('./results/', import.meta.url));
  const server = await ServerProcess.start('relay', { env: { BENCH_SECRET: secret } });
  const shape = { name: '250x4', sessions: 250, members: 4 };
  const workload = await Workload.open({ protocol: relayProtocol(secret), port: server.port, shape, sink: new Sink(), sessionPrefix: 's', textBytes: 200, withSenders: true });
  const stamp = Date.now();
  const loadPath = `${results}heap-under-load-${stamp}.heapsnapshot`;
  const restPath = `${results}heap-at-rest-${stamp}.heapsnapshot`;
  try {
    workload.startPacing(rate / workload.fanout);
    await sleep(Number(flags.seconds) * 1000);
    await server.heapSnapshot(loadPath);
    workload.stopPacing();
    const sent = workload.sent;
    await sleep(5000);
    await server.heapSnapshot(restPath);
    const [load, rest] = [read(loadPath), read(restPath)];
    console.log(`relay at ${rate} delivered/s, ${sent} messages sent; snapshot under load minus snapshot at rest (5 s later):`);
    const rows = [...load.kinds].map(([kind, v]) => ({ kind, count: v.count - (rest.kinds.get(kind)?.count ?? 0), bytes: v.bytes - (rest.kinds.get(kind)?.bytes ?? 0) }));
    for (const r of rows.sort((a, b) => b.bytes - a.bytes).slice(0, 15)) console.log(`  ${String(r.bytes).padStart(10)} B ${String(r.count).padStart(7)} objects  ${r.kind}`);
    for (const [what, snap] of [['under load', load], ['at rest', rest]] as const) {
      console.log(`strings of 256–511 B ${what}, by retainer:`);
      for (const [chain, n] of [...snap.eventStrings].sort((a, b) => b[1] - a[1]).slice(0, 5)) console.log(`  ${String(n).padStart(7)}  ${chain}`);
    }
  } finally {
    workload.close();
    await server.stop();
    if (!flags.keep) for (const p of [loadPath, restPath]) rmSync(p, { force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
