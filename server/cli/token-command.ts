import { parseArgs } from 'node:util';
import { isRole } from '../../src/protocol/index.js';
import { createToken } from '../tokens.js';
import { TOKEN_HELP } from './help-text.js';

/** `session-chat token …`: prints a join token signed with SESSION_CHAT_SECRET. Returns the exit status. */
export async function tokenCommand(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        session: { type: 'string' },
        role: { type: 'string' },
        name: { type: 'string' },
        participant: { type: 'string' },
        ttl: { type: 'string' },
        customer: { type: 'string' },
        lang: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    process.stderr.write(`session-chat token: ${(error as Error).message}\n\n${TOKEN_HELP}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${TOKEN_HELP}\n`);
    return 0;
  }
  const secret = env.SESSION_CHAT_SECRET;
  if (!secret) {
    process.stderr.write("SESSION_CHAT_SECRET is not set: tokens must be signed with the relay's secret\n");
    return 2;
  }
  const { session, role, name, participant, ttl, customer, lang } = values;
  if (typeof session !== 'string' || typeof name !== 'string' || typeof role !== 'string' || !isRole(role)) {
    process.stderr.write(`--session, --name and --role (technician, customer or admin) are required\n\n${TOKEN_HELP}\n`);
    return 2;
  }
  try {
    const token = await createToken({
      secret,
      sessionId: session,
      role,
      name,
      participantId: typeof participant === 'string' ? participant : undefined,
      ttl: typeof ttl === 'string' ? ttl : '2h',
      customer: typeof customer === 'string' ? customer : undefined,
      lang: typeof lang === 'string' ? lang : undefined,
    });
    process.stdout.write(`${token}\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`session-chat token: ${(error as Error).message}\n`);
    return 2;
  }
}
