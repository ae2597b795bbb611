import { pino, type Logger } from 'pino';

/**
 * Paths that may carry a join token. The relay also never logs a raw request URL (the
 * socket URL may hold `?token=`): it logs the path only.
 */
export const REDACTED_PATHS = [
  'token',
  '*.token',
  'authorization',
  '*.authorization',
  'headers.authorization',
  'req.headers.authorization',
  'secret',
  '*.secret',
];

/** The relay's default logger: pino at `LOG_LEVEL` (default `info`), tokens redacted. */
export function createLogger(env: NodeJS.ProcessEnv = process.env): Logger {
  return pino({
    name: 'session-chat-relay',
    level: env.LOG_LEVEL ?? 'info',
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  });
}
