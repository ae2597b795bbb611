import { serveHelp } from './help-text.js';
import { readServeArguments, RelaySettingError } from './read-settings.js';
import type { RelayOptions } from '../options.js';

function refuse(message: string): number {
  process.stderr.write(`session-chat serve: ${message}\nSee \`session-chat serve --help\`.\n`);
  return 2;
}

/**
 * `session-chat serve [flags]`: the bare relay, for production. Settings come from the flags
 * over the environment; a bad value exits 2 with one line saying which and why.
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
  const stop = (): void => {
    void relay.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return new Promise<number>(() => {
    /* runs until a signal */
  });
}
