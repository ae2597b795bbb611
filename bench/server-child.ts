/**
 * Entry of a benchmarked server's own process: starts the server named in argv[2], reports
 * its port over IPC, and answers memory / gc requests so the parent can measure it.
 * Run with --expose-gc.
 */
import { writeHeapSnapshot } from 'node:v8';
import type { StartedServer } from './servers/types.js';

type Request = { type: 'mem' } | { type: 'gc' } | { type: 'stop' } | { type: 'snapshot'; path: string };

function memory(): Record<string, number> {
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external, arrayBuffers: m.arrayBuffers };
}

async function main(): Promise<void> {
  const [kind, ...args] = process.argv.slice(2);
  let server: StartedServer;
  switch (kind) {
    case 'ws':
      server = await (await import('./servers/bare-ws.js')).start();
      break;
    case 'socketio':
      server = await (await import('./servers/socketio.js')).start(args);
      break;
    case 'relay':
      server = await (await import('./servers/relay.js')).start(args);
      break;
    default:
      throw new Error(`unknown server kind ${kind}`);
  }
  process.on('message', (raw) => {
    const request = raw as Request;
    if (request.type === 'mem') {
      process.send!({ type: 'mem', mem: memory() });
    } else if (request.type === 'gc') {
      const gc = (globalThis as { gc?: () => void }).gc;
      if (gc) for (let i = 0; i < 4; i++) gc();
      process.send!({ type: 'mem', mem: memory(), gc: Boolean(gc) });
    } else if (request.type === 'snapshot') {
      // Diagnosis: a heap snapshot (V8 collects garbage first, so it holds what is alive now).
      process.send!({ type: 'snapshot', path: writeHeapSnapshot(request.path) });
    } else if (request.type === 'stop') {
      const timer = setTimeout(() => process.exit(0), 3000);
      server.close().then(
        () => {
          clearTimeout(timer);
          process.exit(0);
        },
        () => process.exit(0),
      );
    }
  });
  process.send!({ type: 'ready', port: server.port, description: server.description ?? '' });
}

main().catch((error: unknown) => {
  process.send?.({ type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exit(1);
});
