/**
 * What the relay's garbage collector setting costs where V8's allocation-site pretenuring is
 * meant to help: building much long-lived state at once. Writes one session of 200,000 messages
 * (about 55 MB) into a temporary data folder, then, each time in a fresh process, starts a
 * relay on it and times a technician's join from the socket's opening to its welcome (the
 * session file read, every event folded into the room's state). Alternates the relay as
 * `session-chat serve` runs it (pretenuring off, server/gc-tuning.ts) with V8's defaults, after
 * one untimed load that warms the page cache. Prints each time and the medians. Asserts nothing;
 * loopback only; about 20 s.
 *
 *   node --import tsx bench/session-load.ts [--quick] [--messages=200000] [--runs=3]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import WebSocket from 'ws';
import type { SessionEvent } from '../src/protocol/index.js';
import { createRelay, createToken, FileEventLog, tuneGarbageCollector } from '../server/index.js';

const { values: flags } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    messages: { type: 'string' },
    runs: { type: 'string' },
    // Internal: one timed load in this process (`--load=DIR --tuned|--no-tuned`).
    load: { type: 'string' },
    tuned: { type: 'boolean', default: false },
  },
});
const SESSION = 'big';
const SECRET = 'session-load-benchmark-secret-0123456789';

async function write(dataDir: string, messages: number): Promise<void> {
  const log = new FileEventLog({ dataDir });
  await log.open(SESSION);
  const at = Date.now();
  const events: SessionEvent[] = [
    { seq: 1, id: 'p0', at, type: 'participant.joined', from: 'tech', participant: { id: 'tech', name: 'Tom', role: 'technician' } },
  ];
  for (let i = 0; i < messages; i++) {
    events.push({ seq: i + 2, id: `m${i}`, at: at + i, type: 'message.sent', from: 'tech', clientId: `c${i}`, text: `message number ${i} `.repeat(8) });
  }
  for (let i = 0; i < events.length; i += 5000) await log.append(SESSION, events.slice(i, i + 5000));
  await log.close();
}

/** In a child process: starts a relay on `dataDir` and prints the ms from socket open to welcome. */
async function timeOneLoad(dataDir: string): Promise<void> {
  if (flags.tuned) tuneGarbageCollector();
  const relay = await createRelay({ port: 0, host: '127.0.0.1', secret: SECRET, dataDir, logger: pino({ level: 'silent' }) });
  const token = await createToken({ secret: SECRET, sessionId: SESSION, role: 'technician', name: 'Tom' });
  const ms = await new Promise<number>((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${relay.port}/ws/${SESSION}?token=${token}`);
    let opened = 0;
    ws.on('open', () => {
      opened = performance.now();
      ws.send(JSON.stringify({ type: 'hello', v: 1 }));
    });
    ws.on('message', (data) => {
      if ((JSON.parse(String(data)) as { type: string }).type !== 'welcome') return;
      resolve(performance.now() - opened);
      ws.close();
    });
    ws.on('error', reject);
  });
  await relay.close();
  process.stdout.write(`${ms.toFixed(1)}\n`);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function main(): Promise<void> {
  if (flags.load) return timeOneLoad(flags.load);
  const messages = Number(flags.messages ?? (flags.quick ? 50_000 : 200_000));
  const runs = Number(flags.runs ?? 3);
  const dataDir = mkdtempSync(join(tmpdir(), 'session-chat-load-'));
  const self = fileURLToPath(import.meta.url);
  const load = (tuned: boolean): number =>
    Number(execFileSync(process.execPath, ['--import', 'tsx', self, `--load=${dataDir}`, ...(tuned ? ['--tuned'] : [])], { encoding: 'utf8' }).trim());
  try {
    await write(dataDir, messages);
    console.log(`session of ${messages.toLocaleString('en-US')} messages; socket open to welcome, each in a fresh relay process:`);
    load(true); // warms the page cache; not counted
    const times = { tuned: [] as number[], defaults: [] as number[] };
    for (let i = 0; i < runs; i++) {
      times.tuned.push(load(true));
      times.defaults.push(load(false));
    }
    console.log(`  pretenuring off (as session-chat serve): ${times.tuned.map((t) => t.toFixed(0)).join(', ')} ms; median ${median(times.tuned).toFixed(0)} ms`);
    console.log(`  V8 defaults:                             ${times.defaults.map((t) => t.toFixed(0)).join(', ')} ms; median ${median(times.defaults).toFixed(0)} ms`);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
