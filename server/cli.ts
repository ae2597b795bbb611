import { MAIN_HELP } from './cli/help-text.js';
import { PACKAGE_VERSION } from './package-dist.js';
import { serveCommand } from './cli/serve-command.js';
import { tokenCommand } from './cli/token-command.js';

/**
 * The `session-chat` command line: `serve` (the default), `token`, `--help`, `--version`.
 * Returns the process exit status: 0 done (help too), 2 a bad command line or setting.
 */
export async function runCli(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'serve':
      return serveCommand(rest, env);
    case undefined:
      return serveCommand([], env);
    case 'token':
      return tokenCommand(rest, env);
    case '--version':
    case '-v':
      process.stdout.write(`${PACKAGE_VERSION}\n`);
      return 0;
    case '--help':
    case '-h':
    case 'help':
      if (command === 'help' && rest[0] !== undefined) return runCli([rest[0], '--help'], env);
      process.stdout.write(`${MAIN_HELP}\n`);
      return 0;
    default:
      // `session-chat --port 9000` means serve with flags, as a bare `session-chat` does.
      if (command.startsWith('--')) return serveCommand(argv, env);
      process.stderr.write(`session-chat: unknown command "${command}"\n\n${MAIN_HELP}\n`);
      return 2;
  }
}
