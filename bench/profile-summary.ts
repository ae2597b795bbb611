/**
 * Reads the V8 CPU profiles that `run.ts --profile` wrote (bench/results/profiles/<run>/<server>-<phase>/)
 * and prints where the server's main thread spent its time: self time per function and
 * inclusive time of the project's own functions, optionally as µs per message.
 *
 *   node --import tsx bench/profile-summary.ts bench/results/profiles/<run>/relay-250x4 [--messages N] [--top 30]
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { messages: { type: 'string' }, top: { type: 'string', default: '30' } },
});

function pickProfile(path: string): string {
  if (!statSync(path).isDirectory()) return path;
  // The main thread's profile is the biggest (tsx adds a small one for its loader thread).
  const files = readdirSync(path)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => join(path, f));
  if (files.length === 0) throw new Error(`no .cpuprofile in ${path}`);
  return files.sort((a, b) => statSync(b).size - statSync(a).size)[0]!;
}

function label(frame: CallFrame): string {
  const file = frame.url.replace(/^file:\/\//, '').replace(/^.*\/work\/main\//, '');
  return `${frame.functionName || '(anonymous)'} ${file ? `${file}:${frame.lineNumber + 1}` : '(native)'}`;
}

const isOwn = (frame: CallFrame): boolean => /\/(server|src)\//.test(frame.url) && !frame.url.includes('node_modules');

if (!positionals[0]) throw new Error('usage: profile-summary.ts <profile file or folder> [--messages N] [--top N]');
const file = pickProfile(positionals[0]);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const time = new Map<number, number>();
profile.samples.forEach((id, i) => time.set(id, (time.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));

let total = 0;
let idle = 0;
const self = new Map<string, number>();
const inclusive = new Map<string, number>();
for (const [id, t] of time) {
  total += t;
  const node = byId.get(id)!;
  if (node.callFrame.functionName === '(idle)') idle += t;
  const key = label(node.callFrame);
  self.set(key, (self.get(key) ?? 0) + t);
  const seen = new Set<string>();
  for (let x: number | undefined = id; x !== undefined; x = parent.get(x)) {
    const frame = byId.get(x)!.callFrame;
    if (!isOwn(frame)) continue;
    const k = label(frame);
    if (seen.has(k)) continue;
    seen.add(k);
    inclusive.set(k, (inclusive.get(k) ?? 0) + t);
  }
}

const busy = total - idle;
const messages = values.messages ? Number(values.messages) : undefined;
const top = Number(values.top);
const fmt = (t: number): string =>
  `${((t / busy) * 100).toFixed(1).padStart(5)} % of busy` + (messages ? `  ${(t / messages).toFixed(2).padStart(7)} us/msg` : '');

console.log(`${file}`);
console.log(`wall ${(total / 1e6).toFixed(1)} s, main thread busy ${(busy / 1e6).toFixed(2)} s${messages ? `, ${messages} messages` : ''}`);
console.log(`\nself time (main thread), top ${top}:`);
for (const [k, t] of [...self].filter(([k]) => !k.startsWith('(idle)')).sort((a, b) => b[1] - a[1]).slice(0, top)) {
  console.log(`  ${fmt(t)}  ${k}`);
}
console.log(`\ninclusive time of the project's own functions, top ${top}:`);
for (const [k, t] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${fmt(t)}  ${k}`);
