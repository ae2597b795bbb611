/**
 * Medians of several benchmark runs (the JSON files `run.ts` writes), with every run's value.
 *
 *   node --import tsx bench/median.ts bench/results/run-*.json
 */
import { readFileSync } from 'node:fs';
import type { Ratios, ServerResults } from './report.js';

interface Run {
  date: string;
  results: Record<string, ServerResults>;
  ratios: Ratios;
}

const files = process.argv.slice(2);
if (files.length === 0) throw new Error('usage: median.ts <run.json>...');
const runs = files.map((f) => JSON.parse(readFileSync(f, 'utf8')) as Run);

function median(values: number[]): number {
  const v = [...values].sort((a, b) => a - b);
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
}

function row(label: string, values: (number | null | undefined)[], digits: number): string {
  const v = values.filter((x): x is number => typeof x === 'number' && Number.isFinite(x));
  if (v.length === 0) return `${label.padEnd(58)} n/a`;
  const f = (x: number): string => x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
  return `${label.padEnd(58)} ${f(median(v)).padStart(10)}   (${v.map(f).join(', ')})`;
}

console.log(`${runs.length} runs: ${runs.map((r) => r.date).join(', ')}\n`);
const servers = [...new Set(runs.flatMap((r) => Object.keys(r.results)))];
for (const key of servers) {
  const of = (pick: (s: ServerResults) => number | undefined): (number | undefined)[] =>
    runs.map((r) => (r.results[key] ? pick(r.results[key]!) : undefined));
  console.log(runs.find((r) => r.results[key])!.results[key]!.label);
  console.log(row('  delivered msg/s at p99 <= 50 ms (250x4)', of((s) => s.ramps['250x4']?.best?.delivered), 0));
  console.log(row('  delivered msg/s at p99 <= 50 ms (1x200)', of((s) => s.ramps['1x200']?.best?.delivered), 0));
  console.log(row('  latency p50 at the fixed rate (250x4), ms', of((s) => s.fixed?.p50), 2));
  console.log(row('  latency p99 at the fixed rate (250x4), ms', of((s) => s.fixed?.p99), 2));
  console.log(row('  server CPU us per delivered at the fixed rate', of((s) => s.fixed?.serverUsPerDelivered), 1));
  console.log(row('  idle RSS per connection, KB', of((s) => s.idle?.rssPerConnKB), 2));
  console.log(row('  idle heapUsed per connection, KB', of((s) => s.idle?.heapPerConnKB), 2));
  console.log(`  saturated side (250x4): ${runs.map((r) => r.results[key]?.ramps['250x4']?.limitedBy ?? 'n/a').join(' | ')}`);
  console.log(`  saturated side (1x200): ${runs.map((r) => r.results[key]?.ramps['1x200']?.limitedBy ?? 'n/a').join(' | ')}`);
}
console.log('\nRATIOS (median of the per-run ratios)');
for (const name of Object.keys(runs[0]!.ratios)) console.log(row(`  ${name}`, runs.map((r) => r.ratios[name]), 2));
