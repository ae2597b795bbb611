import { parseArgs } from 'node:util';
import { createToken } from './tokens.js';
import { isRole, type Role } from '../src/protocol/index.js';

const USAGE = `Usage:
  session-chat serve                      start the relay (PORT, SESSION_CHAT_SECRET, SESSION_CHAT_DATA_DIR)
  session-chat token --session ID --role technician|customer|admin --name NAME [--participant PID] [--ttl 2h]
                                          print a join token signed with SESSION_CHAT_SECRET`;

/** Runs the command line; returns the process exit code. */
export async function runCli(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'token') return tokenCommand(rest, env);
  if (command === 'serve' || command === undefined) return serveCommand(env);
  process.stderr.write(`${command === '--help' || command === '-h' ? '' : `Unknown command "${command}"\n`}${USAGE}\n`);
  return command === '--help' || command === '-h' ? 0 : 2;
}

async function tokenCommand(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        session: { type: 'string' },
        role: { type: 'string' },
        name: { type: 'string' },
        participant: { type: 'string' },
        ttl: { type: 'string' },
      },
      strict: true,
    }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const secret = env.SESSION_CHAT_SECRET;
  if (!secret) {
    process.stderr.write('SESSION_CHAT_SECRET is not set: tokens must be signed with the relay\'s secret\n');
    return 2;
  }
  if (!values.session || !values.name || !isRole(values.role)) {
    process.stderr.write(`--session, --name and --role (technician, customer or admin) are required\n${USAGE}\n`);
    return 2;
  }
  try {
    const token = await createToken({
      secret,
      sessionId: values.session,
      role: values.role as Role,
      name: values.name,
      participantId: values.participant,
      ttl: values.ttl ?? '2h',
    });
    process.stdout.write(`${token}\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 2;
  }
}

async function serveCommand(env: NodeJS.ProcessEnv): Promise<number> {
  if (!env.SESSION_CHAT_SECRET) {
    process.stderr.write('SESSION_CHAT_SECRET is not set: set it to the secret your host backend signs tokens with\n');
    return 2;
  }
  const { createRelay } = await import('./index.js');
  const relay = await createRelay({});
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
