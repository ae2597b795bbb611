/** Formats the results: a table per server, the RATIOS block, and the JSON file. */
import { mkdir, writeFile } from 'node:fs/promises';
import { NOISY_OTHER_PCT, type IdleResult, type RampResult, type StepResult } from './measure.js';

export interface ServerResults {
  label: string;
  description: string;
  idle?: IdleResult;
  /** Fixed rate (5k delivered/s unless --fixed-rate) on 250 × 4. */
  fixed?: StepResult;
  ramps: Record<string, RampResult>;
  /** Messages written by the senders per workload (to turn a CPU profile into µs per message). */
  messagesSent: Record<string, number>;
  /** Server memory after the warm-up of each workload (after gc), all connected: `sent` is the messages sent by then. */
  memoryBefore: Record<string, { rss: number; heapUsed: number; sent: number }>;
  /** Server memory at the end of each workload (after gc), to show what the server retains. */
  memoryAfter: Record<string, { rss: number; heapUsed: number }>;
  errors: string[];
}

const int = (n: number | undefined): string =>
  n === undefined || !Number.isFinite(n) ? 'n/a' : Math.round(n).toLocaleString('en-US');
const fix = (n: number | undefined, digits = 2): string =>
  n === undefined || !Number.isFinite(n) ? 'n/a' : n.toFixed(digits);

export function stepLine(label: string, workload: string, s: StepResult): string {
  return (
    `  ${label.padEnd(12)} ${workload.padEnd(6)} offered ${int(s.offered).padStart(8)}/s  delivered ${int(s.delivered).padStart(8)}/s  ` +
    `p50 ${fix(s.p50).padStart(6)} ms  p99 ${fix(s.p99).padStart(7)} ms  server cpu ${fix(s.serverCpu, 0).padStart(3)} %  ` +
    `generator cpu ${fix(s.generatorCpu, 0).padStart(3)} %  other ${fix(s.otherCpu, 0).padStart(3)} %  ${s.ok ? 'ok' : `FAIL: ${s.reason}`}` +
    (s.otherCpu > NOISY_OTHER_PCT ? '  (NOISY: other processes busy)' : '') +
    (s.retried ? '  (retry)' : '')
  );
}

function ratio(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined || b === undefined || !Number.isFinite(a) || !Number.isFinite(b) || b === 0 ? undefined : a / b;
}

function ramped(r: ServerResults | undefined, workload: string): number | undefined {
  return r?.ramps[workload]?.best?.delivered;
}

export interface Ratios {
  [name: string]: number | undefined;
}

export function computeRatios(results: Record<string, ServerResults>): Ratios {
  const { ws, socketio, relay } = results;
  return {
    'relay/ws delivered msg/s (250x4)': ratio(ramped(relay, '250x4'), ramped(ws, '250x4')),
    'relay/socket.io delivered msg/s (250x4)': ratio(ramped(relay, '250x4'), ramped(socketio, '250x4')),
    'relay/ws delivered msg/s (1x200)': ratio(ramped(relay, '1x200'), ramped(ws, '1x200')),
    'relay/socket.io delivered msg/s (1x200)': ratio(ramped(relay, '1x200'), ramped(socketio, '1x200')),
    'relay/ws server CPU per msg at the fixed rate (250x4)': ratio(relay?.fixed?.serverUsPerDelivered, ws?.fixed?.serverUsPerDelivered),
    'relay/socket.io server CPU per msg at the fixed rate (250x4)': ratio(relay?.fixed?.serverUsPerDelivered, socketio?.fixed?.serverUsPerDelivered),
    'relay/ws idle RSS per connection': ratio(relay?.idle?.rssPerConnKB, ws?.idle?.rssPerConnKB),
    'relay-fsync/ws delivered msg/s (250x4)': ratio(ramped(results['relay-fsync'], '250x4'), ramped(ws, '250x4')),
    'relay-nolog/ws delivered msg/s (250x4)': ratio(ramped(results['relay-nolog'], '250x4'), ramped(ws, '250x4')),
    // Absolute figures with targets of their own (not ratios), printed with the ratios.
    'relay p99 at the fixed rate (250x4), ms': relay?.fixed?.p99,
    'relay idle RSS per connection, KB': relay?.idle?.rssPerConnKB,
    'relay heap retained per message held (250x4), B': relay ? heldBytesPerMessage(relay, '250x4') : undefined,
  };
}

function limit(r: RampResult | undefined): string {
  if (!r) return 'n/a';
  if (!r.failed) return 'ramp ended before failing';
  const f = r.failed;
  return `${r.limitedBy} (srv ${fix(f.serverCpu, 0)} %, gen ${fix(f.generatorCpu, 0)} %, other ${fix(f.otherCpu, 0)} %)`;
}

export function table(results: Record<string, ServerResults>, workloads: readonly string[], fixedRate: number): string {
  const at = `@${fixedRate >= 1000 ? `${fixedRate / 1000}k` : fixedRate}/s`;
  const labels = Object.keys(results);
  const rows: [string, ...string[]][] = [['', ...labels.map((l) => results[l]!.label)]];
  for (const w of workloads) {
    rows.push([`delivered msg/s at p99<=50ms (${w})`, ...labels.map((l) => int(ramped(results[l], w)))]);
    rows.push([`  p99 at that rate, ms (${w})`, ...labels.map((l) => fix(results[l]!.ramps[w]?.best?.p99))]);
    rows.push([`  next step failed by (${w})`, ...labels.map((l) => results[l]!.ramps[w]?.failed?.reason ?? 'n/a')]);
    rows.push([`  saturated side (${w})`, ...labels.map((l) => limit(results[l]!.ramps[w]))]);
  }
  rows.push([`latency p50 / p99 ${at} (250x4), ms`, ...labels.map((l) => `${fix(results[l]!.fixed?.p50)} / ${fix(results[l]!.fixed?.p99)}`)]);
  rows.push(['  sender ack p50 / p99, ms', ...labels.map((l) => `${fix(results[l]!.fixed?.ackP50)} / ${fix(results[l]!.fixed?.ackP99)}`)]);
  rows.push([`server CPU us/delivered ${at} (250x4)`, ...labels.map((l) => fix(results[l]!.fixed?.serverUsPerDelivered))]);
  rows.push(['  of it in the kernel (system time)', ...labels.map((l) => fix(results[l]!.fixed?.serverSystemUsPerDelivered))]);
  rows.push(['  write / read syscalls per message sent', ...labels.map((l) => `${fix(results[l]!.fixed?.serverWritesPerMessage)} / ${fix(results[l]!.fixed?.serverReadsPerMessage)}`)]);
  rows.push(['  server / generator CPU %', ...labels.map((l) => `${fix(results[l]!.fixed?.serverCpu, 0)} / ${fix(results[l]!.fixed?.generatorCpu, 0)}`)]);
  rows.push([
    `steps with other processes > ${NOISY_OTHER_PCT} % CPU`,
    ...labels.map((l) => {
      const r = results[l]!;
      const all = [...Object.values(r.ramps).flatMap((x) => x.steps), ...(r.fixed ? [r.fixed] : [])];
      return `${all.filter((x) => x.otherCpu > NOISY_OTHER_PCT).length} of ${all.length}`;
    }),
  ]);
  for (const w of workloads) {
    rows.push([
      `server heapUsed / RSS after ${w} (gc), MB`,
      ...labels.map((l) => {
        const m = results[l]!.memoryAfter[w];
        return m ? `${(m.heapUsed / 2 ** 20).toFixed(0)} / ${(m.rss / 2 ** 20).toFixed(0)}` : 'n/a';
      }),
    ]);
    rows.push([`  messages sent in ${w}`, ...labels.map((l) => int(results[l]!.messagesSent[w]))]);
    rows.push([`  heap retained per message held (${w}), B`, ...labels.map((l) => fix(heldBytesPerMessage(results[l]!, w), 0))]);
  }
  if (labels.some((l) => results[l]!.idle)) pushIdleRows(rows, results, labels);
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ')).join('\n');
}

function pushIdleRows(rows: [string, ...string[]][], results: Record<string, ServerResults>, labels: string[]): void {
  rows.push(['idle connections (sessions of 4)', ...labels.map((l) => int(results[l]!.idle?.connections))]);
  rows.push(['idle RSS per connection, KB', ...labels.map((l) => fix(results[l]!.idle?.rssPerConnKB))]);
  rows.push(['idle heapUsed per connection, KB', ...labels.map((l) => fix(results[l]!.idle?.heapPerConnKB))]);
}

/**
 * Heap the server still holds per message sent, after gc: growth from the connected, warmed-up
 * server to the end of the workload, over the messages sent in between (the relay holds every
 * session it served loaded, with its messages; the baselines hold nothing).
 */
export function heldBytesPerMessage(r: ServerResults, workload: string): number | undefined {
  const before = r.memoryBefore?.[workload];
  const after = r.memoryAfter[workload];
  const sent = r.messagesSent[workload];
  if (!before || !after || sent === undefined || sent <= before.sent) return undefined;
  return (after.heapUsed - before.heapUsed) / (sent - before.sent);
}

export function ratiosBlock(ratios: Ratios): string {
  const f = (k: string): string => fix(ratios[k]);
  return [
    'RATIOS',
    `relay/ws delivered msg/s (250x4): ${f('relay/ws delivered msg/s (250x4)')}  relay/socket.io: ${f('relay/socket.io delivered msg/s (250x4)')}   (targets >= 0.8, >= 1.5)`,
    `relay/ws delivered msg/s (1x200): ${f('relay/ws delivered msg/s (1x200)')}  relay/socket.io: ${f('relay/socket.io delivered msg/s (1x200)')}   (target >= 0.95 vs ws)`,
    `relay/ws server CPU per msg at the fixed rate: ${f('relay/ws server CPU per msg at the fixed rate (250x4)')}  relay/socket.io: ${f('relay/socket.io server CPU per msg at the fixed rate (250x4)')}   (target <= 1.25 vs ws)`,
    `relay/ws idle RSS per connection: ${f('relay/ws idle RSS per connection')}`,
    `relay p99 at the fixed rate: ${f('relay p99 at the fixed rate (250x4), ms')} ms (target <= 2)  idle RSS per connection: ${f('relay idle RSS per connection, KB')} KB (target <= 7)  heap retained per message held: ${fix(ratios['relay heap retained per message held (250x4), B'], 0)} B (target <= 300)`,
    `relay(fsync)/ws delivered msg/s (250x4): ${f('relay-fsync/ws delivered msg/s (250x4)')}`,
    ...(ratios['relay-nolog/ws delivered msg/s (250x4)'] !== undefined
      ? [`relay(no log, diagnosis)/ws delivered msg/s (250x4): ${f('relay-nolog/ws delivered msg/s (250x4)')}`]
      : []),
  ].join('\n');
}

export async function writeJson(file: string, data: unknown): Promise<void> {
  await mkdir(new URL('.', `file://${file}`).pathname, { recursive: true });
  await writeFile(file, `${JSON.stringify(data, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2)}\n`);
}
