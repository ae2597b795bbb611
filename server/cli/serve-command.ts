import { GC_TUNING_FLAG, tuneGarbageCollector } from '../gc-tuning.js';
import { serveHelp } from './help-text.js';
import { readServeArguments, RelaySettingError } from './read-settings.js';
import { RELAY_DEFAULTS, type RelayOptions } from '../options.js';

/** Beyond `shutdownTimeoutMs`, what closing the logs may take before the process gives up (exit 1). */
const STOP_MARGIN_MS = 5_000;

function refuse(message: string): number {
  process.stderr.write(`session-chat serve: ${message}\nSee \`session-chat serve --help\`.\n`);
  return 2;
}

/**
 * `session-chat serve [flags]`: the bare relay, for production. Settings come from the flags
 * over the environment; a bad value exits 2 with one line saying which and why. SIGTERM or
 * SIGINT drain the relay (sockets close with 4000 once their acked writes are durable) and
 * exit 0; a second signal, or a shutdown past `shutdownTimeoutMs` + 5 s, exits 1.
 */
export async function serveCommand(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  let options: RelayOptions;
  try {
    const parsed = readServeArguments(args, env);
    if (parsed.help) {
      process.stdout.write(`${serveHelp()}\n`);
      return 0;
    }
    options = parsed.options;
  } catch (error) {
    if (error instanceof RelaySettingError) return refuse(error.message);
    throw error;
  }
  if (options.secret === undefined) {
    return refuse('SESSION_CHAT_SECRET is not set: set it (or --secret) to the secret your host backend signs tokens with');
  }
  // Before the relay allocates anything (see gc-tuning.ts for why).
  if (tuneGarbageCollector()) process.stdout.write(`session-chat relay: V8 allocation-site pretenuring off (${GC_TUNING_FLAG})\n`);
  const { createRelay } = await import('../create-relay.js');
  let relay;
  try {
    relay = await createRelay(options);
  } catch (error) {
    // The options' own checks (an exact TypeError) are a bad setting too; anything else
    // (a port in use, an unreadable data folder) is a failure to start.
    if (error instanceof TypeError) return refuse(error.message);
    process.stderr.write(`session-chat serve: the relay could not start: ${(error as Error).message}\n`);
    return 1;
  }
  process.stdout.write(`session-chat relay listening on ${relay.url}\n`);
  const running = relay;
  const timeoutMs = options.shutdownTimeoutMs ?? RELAY_DEFAULTS.shutdownTimeoutMs;
  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals): void => {
      if (stopping) {
        // A second signal: the operator does not want to wait.
        process.stderr.write(`session-chat serve: ${signal} again, exiting without finishing the shutdown\n`);
        resolve(1);
        return;
      }
      stopping = true;
      process.stdout.write(`session-chat relay draining (${signal})\n`);
      // The relay bounds its own drain; this only catches a storage that never answers.
      const backstop = setTimeout(() => {
        process.stderr.write(`session-chat serve: the relay did not stop within ${timeoutMs + STOP_MARGIN_MS} ms\n`);
        resolve(1);
      }, timeoutMs + STOP_MARGIN_MS);
      backstop.unref();
      running.close().then(
        () => {
          clearTimeout(backstop);
          process.stdout.write('session-chat relay stopped\n');
          resolve(0);
        },
        (error: unknown) => {
          clearTimeout(backstop);
          process.stderr.write(`session-chat serve: the shutdown failed: ${(error as Error).message}\n`);
          resolve(1);
        },
      );
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
