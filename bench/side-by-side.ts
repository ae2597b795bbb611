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

/** The step timings of a run: quick (a smoke run) or full, with the command line's fixed-rate options. */
export function sideBySideConfig(options: { quick: boolean; startRate: number; fixedRate?: string; fixedSeconds?: string; noRamp?: boolean }): SideBySideConfig {
  const { quick } = options;
  return {
    textBytes: 200,
    startRate: options.startRate,
    factor: quick ? 2 : 1.3,
    maxSteps: quick ? 5 : 14,
    warmupMs: quick ? 300 : 700,
    measureMs: quick ? 1000 : 3000,
    fixedRate: options.fixedRate ? Number(options.fixedRate) : 5_000,
    fixedWarmupMs: quick ? 300 : 1000,
    // 15 s: long enough for steady state. In the first seconds after connecting V8 is still
    // compiling and growing its young generation, and a 5 s step measured that warm-up more than
    // a running server (bench/README.md, "Pretenuring").
    fixedMeasureMs: options.fixedSeconds ? Number(options.fixedSeconds) * 1000 : quick ? 2000 : 15_000,
    ramp: !options.noRamp,
  };
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

/** The errors of every server, if any, after the figures. */
export function logErrors(results: Record<string, ServerResults>): void {
  const errors = Object.values(results).flatMap((r) => r.errors.map((e) => `${r.label}: ${e}`));
  if (errors.length === 0) return;
  log();
  log('ERRORS');
  for (const e of errors) log(`  ${e}`);
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
        log(`${stepLine(c.entrant.results.label, name, fixed)}   [fixed rate: ${fixed.serverUsPerDelivered.toFixed(2)} us server CPU per delivered, ${fixed.serverSystemUsPerDelivered.toFixed(2)} of it system; ${fixed.serverWritesPerMessage.toFixed(2)} write syscalls per message]`);
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
