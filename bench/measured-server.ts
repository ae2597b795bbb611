/**
 * What a measurement needs of a server under test: where the generator connects, the CPU time it
 * has used so far, its memory after gc, and a way to stop it. One process (`ServerProcess`) or a
 * group of processes behind a load balancer (`ServerGroup`).
 */
import { readFileSync } from 'node:fs';

export interface Memory {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
}

export interface MeasuredServer {
  /** The loopback port the load generator connects to. */
  readonly port: number;
  readonly description: string;
  /** User + system CPU time of every process of the server (all threads), in microseconds. */
  cpuMicros(): number;
  /** The same, process by process (named), for a server of several processes. */
  cpuParts?(): Record<string, number>;
  /** Kernel-side counters of every process of the server (all threads), summed. */
  kernel(): KernelCounters;
  /** Full gc in every Node process of the server, then their memory summed. */
  memoryAfterGc(): Promise<Memory>;
  stop(): Promise<void>;
}

/**
 * What the kernel did for a server: its system CPU time (sending and receiving on loopback TCP
 * is mostly kernel work: a frame's `writev` runs the receiver's side of TCP too) and its read-
 * and write-family syscalls (`syscr`/`syscw` in /proc/PID/io: read, readv, recv…; write, writev,
 * pwrite…). Cumulative; a measurement takes differences.
 */
export interface KernelCounters {
  systemMicros: number;
  reads: number;
  writes: number;
}

const CLOCK_TICKS = 100; // sysconf(_SC_CLK_TCK) on Linux

/** User + system CPU time of a process (all threads) from /proc/PID/stat, in microseconds: no IPC, so a busy process cannot delay the sample. */
export function processCpuMicros(pid: number): number {
  const { utime, stime } = cpuTicks(pid);
  return ((utime + stime) * 1e6) / CLOCK_TICKS;
}

/** User and system CPU time of a process (all threads) in clock ticks, from /proc/PID/stat. */
function cpuTicks(pid: number): { utime: number; stime: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state); utime is field 14, stime field 15.
  return { utime: Number(fields[11]), stime: Number(fields[12]) };
}

/** System CPU time and read/write syscall counts of a process (all threads) from /proc/PID/stat and /proc/PID/io. */
export function processKernelCounters(pid: number): KernelCounters {
  const io = readFileSync(`/proc/${pid}/io`, 'latin1');
  const count = (name: string): number => Number(new RegExp(`^${name}: (\\d+)$`, 'm').exec(io)?.[1] ?? NaN);
  return { systemMicros: (cpuTicks(pid).stime * 1e6) / CLOCK_TICKS, reads: count('syscr'), writes: count('syscw') };
}

/** Counters of several processes, summed. */
export function sumKernelCounters(all: readonly KernelCounters[]): KernelCounters {
  const sum = { systemMicros: 0, reads: 0, writes: 0 };
  for (const k of all) {
    sum.systemMicros += k.systemMicros;
    sum.reads += k.reads;
    sum.writes += k.writes;
  }
  return sum;
}
