/**
 * The session-chat relay via `createRelay`, persistence on (JSONL log in a fresh temporary
 * folder, or with `--redis=URL` the events in Redis as a member of a cluster, its keys under
 * `--redis-prefix=P` and files in `--data-dir=DIR`, a folder the members share), rate limit lifted. Uses the built `dist/server/index.js` when present (what ships),
 * else the TypeScript source through tsx.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { pino } from 'pino';
import type { StartedServer } from './types.js';

interface RelayHandle {
  port: number;
  close(): Promise<void>;
}
type CreateRelay = (options: Record<string, unknown>) => Promise<RelayHandle>;

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Newest modification time of the relay's TypeScript sources (server/ and src/protocol/). */
function newestSource(): number {
  let newest = 0;
  const walk = (dir: string): void => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  walk(join(root, 'server'));
  walk(join(root, 'src/protocol'));
  return newest;
}

/**
 * The built relay when it is at least as new as its sources (as after `npm run build`), else the
 * source. `BENCH_RELAY=source` always takes the source: on a shared tree another build may
 * replace `dist/` during a run, which would compare two different relays.
 */
export function relayEntry(): { file: string; built: boolean } | undefined {
  const built = join(root, 'dist/server/index.js');
  const source = join(root, 'server/index.ts');
  const fromSource = process.env.BENCH_RELAY === 'source';
  if (!fromSource && existsSync(built) && (!existsSync(source) || statSync(built).mtimeMs >= newestSource())) return { file: built, built: true };
  if (existsSync(source)) return { file: source, built: false };
  return undefined;
}

/** Structurally an `EventLog` (server/storage/event-log.ts) that keeps nothing and resolves at once. */
function nullEventLog(): Record<string, (...args: never[]) => Promise<unknown>> {
  const done = Promise.resolve();
  return {
    open: async () => ({ epoch: Math.random().toString(36).slice(2), events: [], lines: [] }),
    append: () => done,
    release: async () => {},
    close: async () => {},
  };
}

export async function start(args: readonly string[]): Promise<StartedServer> {
  const entry = relayEntry();
  if (!entry) throw new Error('server/index.ts does not exist yet');
  const { createRelay, tuneGarbageCollector } = (await import(pathToFileURL(entry.file).href)) as { createRelay: CreateRelay; tuneGarbageCollector?: () => boolean };
  // As `session-chat serve` runs (server/gc-tuning.ts), unless `--gc-default` asks for V8's defaults.
  const gcTuned = !args.includes('--gc-default') && tuneGarbageCollector !== undefined;
  if (gcTuned) tuneGarbageCollector!();
  const secret = process.env.BENCH_SECRET;
  if (!secret) throw new Error('BENCH_SECRET is not set');
  const fsync = args.includes('--fsync');
  // Diagnosis only: an event log that stores nothing, to isolate what persistence costs.
  const memoryLog = args.includes('--memory-log');
  const option = (name: string): string | undefined => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const redis = option('redis');
  const sharedDir = option('data-dir');
  const dataDir = sharedDir ?? (await mkdtemp(join(tmpdir(), 'session-chat-bench-')));
  const relay = await createRelay({
    port: 0,
    host: '127.0.0.1',
    secret,
    dataDir,
    fsync,
    rateLimit: { perSecond: 1e9, burst: 1e9 },
    logger: pino({ level: 'silent' }),
    ...(memoryLog ? { eventLog: nullEventLog() } : {}),
    ...(redis ? { redis, redisKeyPrefix: option('redis-prefix') ?? 'session-chat:' } : {}),
  });
  return {
    port: relay.port,
    description:
      `relay from ${entry.built ? 'dist/server/index.js' : 'server/index.ts (tsx)'}, ` +
      (memoryLog
        ? 'NO persistence (diagnosis: an event log that stores nothing)'
        : redis
          ? 'events in Redis (a cluster member: session leases, forwarding to the holder)'
          : `JSONL persistence, fsync ${fsync ? 'on' : 'off'}`) +
      (gcTuned ? ', V8 allocation-site pretenuring off (as `session-chat serve`)' : ', V8 defaults'),
    async close() {
      await relay.close();
      if (!sharedDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
