/**
 * The relay's hot path alone, without sockets: heap bytes allocated and time per intent through
 * a `SessionRoom` (decide, stamp, encode once, log, ack, fan-out to 3 members), with an event
 * log that keeps lines in memory and resolves once per tick as the journal does. Sockets and
 * the machine's other load stay out, so two versions compare closely even on a busy machine.
 *
 * Run with a young generation large enough that no scavenge falls inside a measured round
 * (the output says when one did, and that round is not counted):
 *   node --expose-gc --max-semi-space-size=128 --import tsx bench/room-hot-path.ts
 * Bench another version from its own copy of the tree (see README, "Options").
 */
import { PerformanceObserver } from 'node:perf_hooks';
import { pino } from 'pino';
import { DEFAULT_POLICY, type SessionEvent } from '../src/protocol/index.js';
import { IdGenerator } from '../server/ids.js';
import { RELAY_DEFAULTS } from '../server/options.js';
import { SessionRoom, type RoomMember } from '../server/session-room.js';
import type { EventLog } from '../server/storage/event-log.js';

const ROUNDS = 15;
const INTENTS = 1_000;
const BATCH = 50;

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new TypeError('run with --expose-gc');

class MemoryLog implements EventLog {
  lines = 0;
  private batch: Promise<void> | null = null;
  open(): Promise<{ epoch: string; events: SessionEvent[]; lines: string[] }> {
    return Promise.resolve({ epoch: 'bench', events: [], lines: [] });
  }
  append(_sessionId: string, events: readonly SessionEvent[]): Promise<void> {
    this.lines += events.length;
    return (this.batch ??= new Promise((resolve) => setImmediate(() => ((this.batch = null), resolve()))));
  }
  release(): Promise<void> {
    return Promise.resolve();
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

let frames = 0;
function member(id: string): RoomMember {
  return { participant: { id, name: id, role: 'customer' }, send: () => void frames++, sendError: () => undefined, close: () => undefined };
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
/** Start times of every gc (entries arrive late, so a round checks them after it ends). */
const gcTimes: number[] = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcTimes.push(entry.startTime);
}).observe({ entryTypes: ['gc'] });

const text = 'x'.repeat(200);

/** A fresh room with 4 welcomed members: every round starts from the same state (same map sizes). */
async function freshRoom(log = new MemoryLog(), sessionId = 'bench'): Promise<{ room: SessionRoom; sender: RoomMember; log: MemoryLog }> {
  const room = new SessionRoom(sessionId, await log.open(), {
    log,
    ids: new IdGenerator(),
    policy: DEFAULT_POLICY,
    leaveGraceMs: 60_000,
    limits: { maxTextLength: 10_000, maxFrameBytes: 65_536, maxFileBytes: 1 << 30 },
    historyEvents: RELAY_DEFAULTS.historyEvents,
    logger: pino({ level: 'silent' }),
    onIdle: () => undefined,
    onBroken: () => undefined,
  });
  const members = ['alice', 'bob', 'carol', 'dave'].map(member);
  for (const m of members) {
    room.attach(m);
    await new Promise<void>((resolve) => room.hello(m, undefined, resolve));
  }
  return { room, sender: members[0]!, log };
}

async function round(room: SessionRoom, sender: RoomMember): Promise<void> {
  for (let i = 0; i < INTENTS; i += BATCH) {
    for (let j = 0; j < BATCH; j++) room.intent(sender, { type: 'message', clientId: `c${i + j}`, text });
    await tick();
    await tick();
  }
}

const warm = await freshRoom();
await round(warm.room, warm.sender); // compiled code
await round(warm.room, warm.sender); // (retries: acked again from memory, also compiled)
const bytes: number[] = [];
const micros: number[] = [];
let logged = 0;
for (let r = 0; r < ROUNDS; r++) {
  const { room, sender, log } = await freshRoom();
  gc();
  await tick();
  const sentBefore = frames;
  const heap = process.memoryUsage().heapUsed;
  const start = performance.now();
  await round(room, sender);
  const elapsed = performance.now() - start;
  const grown = process.memoryUsage().heapUsed - heap;
  logged += log.lines;
  await new Promise((resolve) => setTimeout(resolve, 20));
  if (frames - sentBefore !== INTENTS * 4) throw new Error(`round ${r}: ${frames - sentBefore} frames, not ${INTENTS * 4}`);
  if (gcTimes.some((t) => t >= start && t <= start + elapsed)) {
    console.log(`round ${r}: a gc ran inside it; not counted`);
    continue;
  }
  bytes.push(grown / INTENTS);
  micros.push((elapsed * 1000) / INTENTS);
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
console.log(`frames sent: ${frames}, events logged in measured rounds: ${logged}`);
console.log(`heap allocated per intent: median ${median(bytes).toFixed(0)} B (rounds: ${bytes.map((b) => b.toFixed(0)).join(', ')})`);
console.log(`time per intent: median ${median(micros).toFixed(2)} µs (includes 2 setImmediate per ${BATCH} intents)`);

/*
 * Retained heap per message held, as the relay benchmark's 250 x 4 workload leaves it: 250
 * sessions of 4 welcomed members, 154 messages each (what a 250 x 4 ramp sends), sent in turns
 * across the sessions; heap after gc once every room is loaded and joined, and again after the
 * messages. The log keeps nothing in memory and can `read` (as the file log does), so each room
 * keeps its window of `historyEvents` encoded events and its compact state.
 */
class ReadableLog extends MemoryLog {
  read(): Promise<string[]> {
    return Promise.reject(new Error('this benchmark never reads history back'));
  }
}
const SESSIONS = 250;
const PER_SESSION = 154;
const rooms: { room: SessionRoom; sender: RoomMember }[] = [];
for (let s = 0; s < SESSIONS; s++) rooms.push(await freshRoom(new ReadableLog(), `session-${s}`));
gc();
await tick();
const heapBefore = process.memoryUsage().heapUsed;
for (let i = 0; i < PER_SESSION; i++) {
  for (const { room, sender } of rooms) room.intent(sender, { type: 'message', clientId: `r${i}`, text });
  await tick();
  await tick();
}
await new Promise((resolve) => setTimeout(resolve, 20));
gc();
const held = rooms.reduce((sum, { room }) => sum + room.state.messageCount, 0);
if (held !== SESSIONS * PER_SESSION) throw new Error(`${held} messages held, not ${SESSIONS * PER_SESSION}`);
console.log(
  `retained heap per message held (${SESSIONS} sessions x ${PER_SESSION} messages, window of ${RELAY_DEFAULTS.historyEvents} events): ` +
    `${((process.memoryUsage().heapUsed - heapBefore) / held).toFixed(0)} B`,
);
