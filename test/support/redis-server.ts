import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { accepting, freePort } from './free-port.js';

/** Debian's redis-server, installed by `.ci/run` when missing. */
export const REDIS_SERVER = '/usr/bin/redis-server';

export interface TestRedis {
  /** `redis://127.0.0.1:<port>` */
  url: string;
  port: number;
  /** The running server's process id (changes with {@link start}). */
  readonly pid: number;
  /** Its own data folder (the AOF lives here and survives {@link stop}/{@link start}). */
  dir: string;
  /** Starts the server again on the same port and folder (after {@link stop} or {@link kill}). */
  start(): Promise<void>;
  /** Stops it cleanly (SHUTDOWN through SIGTERM: the AOF is flushed). */
  stop(): Promise<void>;
  /** kill -9: what was not fsynced is lost, as in a crash. */
  kill(): Promise<void>;
  /** Stops it and removes its folder. */
  close(): Promise<void>;
}

/**
 * A redis-server of the test's own: a free loopback port, a fresh folder, AOF on with
 * `appendfsync always` (an acked event survives a kill -9 of Redis), no RDB snapshots, never a
 * system service. Stopped and removed by {@link TestRedis.close}.
 */
export async function startRedis(options: { appendfsync?: 'always' | 'everysec' } = {}): Promise<TestRedis> {
  if (!existsSync(REDIS_SERVER)) throw new Error(`${REDIS_SERVER} is missing: install Debian's redis-server (.ci/run does)`);
  const dir = await mkdtemp(join(tmpdir(), 'session-chat-redis-'));
  const port = await freePort();
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  const args = [
    '--port', String(port),
    '--bind', '127.0.0.1',
    '--dir', dir,
    '--save', '',
    '--appendonly', 'yes',
    '--appendfsync', options.appendfsync ?? 'always',
    '--daemonize', 'no',
    '--protected-mode', 'yes',
    '--loglevel', 'warning',
  ];
  const start = async (): Promise<void> => {
    const proc = spawn(REDIS_SERVER, args, { stdio: ['ignore', 'ignore', 'inherit'] });
    child = proc;
    exited = new Promise((resolve) => proc.once('exit', () => resolve()));
    await accepting(port);
  };
  const signal = async (name: NodeJS.Signals): Promise<void> => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill(name);
    await exited;
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    get pid() {
      return child?.pid ?? 0;
    },
    dir,
    start,
    stop: () => signal('SIGTERM'),
    kill: () => signal('SIGKILL'),
    close: async () => {
      await signal('SIGTERM');
      await rm(dir, { recursive: true, force: true });
    },
  };
}

