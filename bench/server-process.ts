/**
 * The parent's handle on a server child: start it (own process, --expose-gc), read its CPU
 * time from /proc/PID/stat (no IPC, so a busy server cannot delay the sample), ask it for
 * memory after gc over IPC, stop it.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { processCpuMicros, processKernelCounters, type KernelCounters, type MeasuredServer, type Memory } from './measured-server.js';
import type { ServerKind } from './protocols.js';

const CHILD = fileURLToPath(new URL('./server-child.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../', import.meta.url));

export type { Memory };

export interface StartOptions {
  args?: string[];
  env?: Record<string, string>;
  /** Write a V8 CPU profile of the child into this folder when it stops. */
  cpuProfDir?: string;
  /** Extra node flags for the child (diagnosis, e.g. --trace-gc). */
  nodeFlags?: string[];
}

export class ServerProcess implements MeasuredServer {
  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
    readonly description: string,
  ) {}

  static start(kind: ServerKind, options: StartOptions = {}): Promise<ServerProcess> {
    const execArgv = ['--import', 'tsx', '--expose-gc'];
    if (options.cpuProfDir) execArgv.push('--cpu-prof', `--cpu-prof-dir=${options.cpuProfDir}`);
    execArgv.push(...(options.nodeFlags ?? []));
    const child = fork(CHILD, [kind, ...(options.args ?? [])], {
      cwd: ROOT,
      execArgv,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`${kind} server did not start within 30 s`));
      }, 30_000);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`${kind} server exited with code ${code}`));
      });
      child.once('message', (raw) => {
        clearTimeout(timer);
        const message = raw as { type: string; port?: number; description?: string; message?: string };
        if (message.type === 'ready' && message.port) {
          child.removeAllListeners('exit');
          resolve(new ServerProcess(child, message.port, message.description ?? ''));
        } else {
          reject(new Error(`${kind} server failed: ${message.message ?? JSON.stringify(message)}`));
        }
      });
    });
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** User + system CPU time of the whole server process (all threads), in microseconds. */
  cpuMicros(): number {
    return processCpuMicros(this.pid);
  }

  kernel(): KernelCounters {
    return processKernelCounters(this.pid);
  }

  private request(type: 'mem' | 'gc'): Promise<Memory> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer to ${type}`)), 60_000);
      this.child.once('message', (raw) => {
        clearTimeout(timer);
        resolve((raw as { mem: Memory }).mem);
      });
      this.child.send({ type });
    });
  }

  /** Diagnosis: the child writes a heap snapshot to `path` (V8 collects garbage first); resolves with the path written. */
  heapSnapshot(path: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no heap snapshot within 120 s')), 120_000);
      this.child.once('message', (raw) => {
        clearTimeout(timer);
        resolve((raw as { path: string }).path);
      });
      this.child.send({ type: 'snapshot', path });
    });
  }

  memory(): Promise<Memory> {
    return this.request('mem');
  }

  /** Full gc in the child (several passes), then its memory. */
  memoryAfterGc(): Promise<Memory> {
    return this.request('gc');
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      if (this.child.exitCode !== null || this.child.signalCode !== null) {
        resolve();
        return;
      }
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
      this.child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      this.child.send({ type: 'stop' });
    });
  }
}
