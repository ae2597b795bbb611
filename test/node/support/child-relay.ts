import { spawn, type ChildProcess } from 'node:child_process';
import { after } from 'node:test';
import { fileURLToPath } from 'node:url';
import { SECRET } from './relay-harness.js';

const SCRIPT = fileURLToPath(new URL('./relay-process.ts', import.meta.url));

export interface ChildRelay {
  child: ChildProcess;
  port: number;
  url: string;
  /** Resolves once the process exited. */
  exited: Promise<void>;
}

/** Starts `relay-process.ts` in a child process and waits for it to print its port. */
export function startChildRelay(dataDir: string, env: Record<string, string> = {}): Promise<ChildRelay> {
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT, dataDir], {
    env: { ...process.env, SESSION_CHAT_SECRET: SECRET, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`relay process did not start: ${err}`));
    }, 15_000);
    child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /PORT=(\d+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        const port = Number(match[1]);
        resolve({ child, port, url: `http://127.0.0.1:${port}`, exited });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`relay process exited (${code}) before listening: ${err}`));
    });
  });
}

/**
 * Child relays for a `describe` block: `start` one (as {@link startChildRelay}); all still
 * running are killed, and waited for, after the block.
 */
export function childRelays(): { start(dataDir: string, env?: Record<string, string>): Promise<ChildRelay> } {
  const children: ChildRelay[] = [];
  after(async () => {
    for (const child of children) child.child.kill('SIGKILL');
    await Promise.all(children.map((c) => c.exited));
  });
  return {
    async start(dataDir, env = {}) {
      const child = await startChildRelay(dataDir, env);
      children.push(child);
      return child;
    },
  };
}
