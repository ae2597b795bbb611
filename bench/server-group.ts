/**
 * Several server processes measured as one server: relay or Socket.IO members behind an nginx
 * load balancer, with the Redis they share. CPU is the sum of every process (members, nginx,
 * Redis); memory the sum of the Node members; stopping stops the members and the balancer (the
 * Redis belongs to the caller and outlives the group).
 */
import { processCpuMicros, processKernelCounters, sumKernelCounters, type KernelCounters, type MeasuredServer, type Memory } from './measured-server.js';
import type { ServerProcess } from './server-process.js';

/** A process counted with the group (nginx, Redis), or only something to clean up when the group stops. */
export interface Helper {
  /** Its name in the CPU breakdown. */
  readonly name?: string;
  /** Its process id when its CPU is read (a restarted Redis has a new one); none: not counted. */
  readonly pid?: number;
  close?(): Promise<void>;
}

export class ServerGroup implements MeasuredServer {
  constructor(
    readonly port: number,
    readonly description: string,
    private readonly members: readonly ServerProcess[],
    private readonly helpers: readonly Helper[],
  ) {}

  cpuMicros(): number {
    let total = 0;
    for (const m of this.members) total += m.cpuMicros();
    for (const h of this.helpers) if (h.pid) total += processCpuMicros(h.pid);
    return total;
  }

  kernel(): KernelCounters {
    const helpers = this.helpers.flatMap((h) => (h.pid ? [processKernelCounters(h.pid)] : []));
    return sumKernelCounters([...this.members.map((m) => m.kernel()), ...helpers]);
  }

  cpuParts(): Record<string, number> {
    const parts: Record<string, number> = {};
    this.members.forEach((m, i) => (parts[`member ${i + 1}`] = m.cpuMicros()));
    for (const h of this.helpers) if (h.pid) parts[h.name ?? `pid ${h.pid}`] = processCpuMicros(h.pid);
    return parts;
  }

  async memoryAfterGc(): Promise<Memory> {
    const all = await Promise.all(this.members.map((m) => m.memoryAfterGc()));
    const sum = (key: keyof Memory): number => all.reduce((n, m) => n + m[key], 0);
    return { rss: sum('rss'), heapUsed: sum('heapUsed'), heapTotal: sum('heapTotal'), external: sum('external'), arrayBuffers: sum('arrayBuffers') };
  }

  async stop(): Promise<void> {
    for (const h of this.helpers) await h.close?.();
    await Promise.all(this.members.map((m) => m.stop()));
  }
}
