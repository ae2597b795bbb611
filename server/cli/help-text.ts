import { RELAY_SETTINGS } from './relay-settings.js';

/** `session-chat --help`. */
export const MAIN_HELP = `Usage: session-chat <command> [options]

Commands:
  serve    start the relay (HTTP + WebSocket) for production; settings from flags or the environment
  token    print a join token signed with SESSION_CHAT_SECRET

Options:
  -h, --help    show this help; \`session-chat <command> --help\` shows a command's
  --version     print the version

Without a command, session-chat runs serve.`;

/** `session-chat token --help`. */
export const TOKEN_HELP = `Usage: session-chat token --session ID --role technician|customer|admin --name NAME [--participant PID] [--ttl 2h]

Prints a join token (an HS256 JWT) on stdout, signed with SESSION_CHAT_SECRET (the relay's secret).

Options:
  --session ID         the session the token opens (required)
  --role ROLE          technician, customer or admin (required)
  --name NAME          the participant's display name (required)
  --participant PID    the participant id (default: a new random id)
  --ttl TTL            lifetime such as 30m, 2h or 7d (default: 2h)
  --customer REF       the host's stable reference of the customer (1-128 letters, digits
                       and . _ - : @ + /); technicians then see that customer's earlier sessions
  --lang TAG           the participant's language (BCP 47: de, ar, pt-BR); a technician's is
                       the session's, and its transcript's headings are written in it
  -h, --help           show this help`;

/** `session-chat serve --help`: every setting of the table, its flag, variable, default and meaning. */
export function serveHelp(): string {
  const lines = [
    'Usage: session-chat serve [options]',
    '',
    'Starts the relay: sockets at /ws/:sessionId, the HTTP API under /api/. Each setting comes from',
    'its flag or its environment variable; a flag wins over the variable. A bad value stops the',
    'relay before it starts (exit status 2).',
    '',
    'Operations: GET /healthz (alive), GET /readyz (503 while starting or draining), GET /metrics',
    '(Prometheus, with --metrics-token). SIGTERM drains: new sockets are refused, writes in flight',
    'finish, sockets close with 4000 (clients resume elsewhere), then exit 0.',
    '',
    'Options:',
  ];
  for (const setting of RELAY_SETTINGS) {
    const flag = setting.value === '' ? `${setting.flag}, --no-${setting.flag.slice(2)}` : `${setting.flag} ${setting.value}`;
    lines.push(`  ${flag}`, `      ${setting.description}`, `      Environment: ${setting.env}. Default: ${setting.default}.`);
  }
  lines.push('  -h, --help', '      Show this help.');
  return lines.join('\n');
}
