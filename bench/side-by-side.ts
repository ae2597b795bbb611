/**
 * One workload on several servers at once (each started and connected), measured in turns: the
 * fixed-rate step of each, then ramp steps round by round. Other processes on this machine come
 * and go; taking the servers' steps close together in time keeps the ratios fair. Shared by the
 * relay benchmark (run.ts) and the cluster benchmark (cluster.ts).
 */
import { Ramp, runStep, type StepResult } from './measure.js';
import type { MeasuredServer } from './measured-server.js';
import type { Protocol } from './protocols.js';
import { stepLine, type ServerResults } from './report.js';
import { Sink } from './sink.js';
import { Workload, type Shape } from './workload.js';

export interface SideBySideConfig {
  textBytes: number;
  fixedRate: number;
  fixedWarmupMs: number;
  fixedMeasureMs: number;
  ramp: boolean;
  startRate: number;
  factor: number;
  maxSteps: number;
  warmupMs: number;
  measureMs: number;
}

export interface Entrant {
  results: ServerResults;
  protocol: Protocol;
  start(): Promise<MeasuredServer>;
}

interface Contender {
  entrant: Entrant;
  server: MeasuredServer;
  workload: Workload;
}

export function log(line = ''): void {
  process.stdout.write(`${line}\n`);
}

export function fail(r: ServerResults, what: string, error: unknown): void {
  const message = `${what}: ${error instanceof Error ? error.message : String(error)}`;
  r.errors.push(message);
  log(`  ${r.label}: ERROR ${message}`);
}

export function describe(r: ServerResults, server: MeasuredServer): void {
  if (r.description || !server.description) return;
  r.description = server.description;
  log(`  ${r.label}: ${server.description}`);
}

async function connect(shape: Shape, entrant: Entrant, config: SideBySideConfig): Promise<Contender> {
  const { results } = entrant;
  const server = await entrant.start();
  try {
    describe(results, server);
    const workload = await Workload.open({
      protocol: entrant.protocol,
      port: server.port,
      shape,
      sink: new Sink(),
      sessionPrefix: 's',
      textBytes: config.textBytes,
      withSenders: true,
    });
    const contender = { entrant, server, workload };
    try {
      // Warm up the JIT and check that messages arrive at all.
      await runStep(workload, server, 1000, { warmupMs: 200, measureMs: 300 });
      if (workload.sink.delivered === 0) throw new Error('no message was delivered during the warm-up');
    } catch (error) {
      workload.close();
      throw error;
    }
    // Connected and warm: what the messages of the workload add to the heap is measured from here.
    const before = await server.memoryAfterGc().catch(() => undefined);
    if (before) results.memoryBefore[shape.name] = { rss: before.rss, heapUsed: before.heapUsed, sent: workload.sent };
    return contender;
  } catch (error) {
    await server.stop();
    throw error;
  }
}

export async function workloadSideBySide(shape: Shape, entrants: readonly Entrant[], config: SideBySideConfig): Promise<void> {
  const name = shape.name;
  const contenders: Contender[] = [];
  try {
    for (const entrant of entrants) {
      try {
        contenders.push(await connect(shape, entrant, config));
      } catch (error) {
        fail(entrant.results, name, error);
      }
    }
    if (name === '250x4') {
      for (const c of contenders) {
        const fixed: StepResult = await runStep(c.workload, c.server, config.fixedRate, {
          warmupMs: config.fixedWarmupMs,
          measureMs: config.fixedMeasureMs,
        });
        c.entrant.results.fixed = fixed;
        log(`${stepLine(c.entrant.results.label, name, fixed)}   [fixed rate: ${fixed.serverUsPerDelivered.toFixed(2)} us server CPU per delivered]`);
      }
    }
    if (!config.ramp) return;
    const ramps = contenders.map(
      (c) =>
        new Ramp(
          c.workload,
          c.server,
          { start: config.startRate, factor: config.factor, maxSteps: config.maxSteps, warmupMs: config.warmupMs, measureMs: config.measureMs },
          (step) => log(stepLine(c.entrant.results.label, name, step)),
        ),
    );
    while (ramps.some((r) => !r.done)) {
      for (const r of ramps) await r.step();
    }
    contenders.forEach((c, i) => (c.entrant.results.ramps[name] = ramps[i]!.result()));
  } finally {
    for (const c of contenders) {
      const { results } = c.entrant;
      results.messagesSent[name] = c.workload.sent;
      const memory = await c.server.memoryAfterGc().catch(() => undefined);
      if (memory) results.memoryAfter[name] = { rss: memory.rss, heapUsed: memory.heapUsed };
      c.workload.close();
      await c.server.stop();
    }
  }
}
