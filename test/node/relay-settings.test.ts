import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readServeArguments } from '../../server/cli/read-settings.js';
import { relayOptionsFromEnv, RelaySettingError, resolveRelayOptions, type RelayOptions } from '../../server/index.js';

// The settings table read in process: what serve and the demo build their options from.

const SECRET = 'a-secret-of-at-least-16-chars';

/** Every variable of the table, set. */
const FULL_ENV = {
  PORT: '9001',
  SESSION_CHAT_HOST: '127.0.0.1',
  SESSION_CHAT_SECRET: SECRET,
  SESSION_CHAT_DATA_DIR: '/srv/chat',
  SESSION_CHAT_ALLOWED_ORIGINS: 'https://a.example, https://b.example:8443/',
  SESSION_CHAT_PUBLIC_URL: 'https://chat.example.com',
  SESSION_CHAT_FSYNC: 'yes',
  SESSION_CHAT_MAX_FRAME_BYTES: '131072',
  SESSION_CHAT_MAX_TEXT_LENGTH: '500',
  SESSION_CHAT_RATE_LIMIT_PER_SECOND: '2.5',
  SESSION_CHAT_RATE_LIMIT_BURST: '5',
  SESSION_CHAT_HEARTBEAT_INTERVAL_MS: '15000',
  SESSION_CHAT_MAX_BUFFERED_BYTES: '1048576',
  SESSION_CHAT_TECHNICIAN_CAN_DELETE_ANY: 'false',
  SESSION_CHAT_LEAVE_GRACE_MS: '0',
  SESSION_CHAT_IDLE_UNLOAD_MS: '1000',
  SESSION_CHAT_IDLE_END_MS: '0',
  SESSION_CHAT_HISTORY_EVENTS: '64',
  SESSION_CHAT_MAX_FILE_BYTES: '1000000',
  SESSION_CHAT_ALLOWED_FILE_TYPES: 'image/*,application/pdf',
  SESSION_CHAT_DENIED_FILE_TYPES: 'image/svg+xml',
  SESSION_CHAT_UPLOAD_EXPIRY_MS: '60000',
  SESSION_CHAT_ADMIN_KEY: 'an-admin-key-of-16-chars',
  SESSION_CHAT_WEBHOOK_URL: 'https://host.example.com/hooks/chat',
  SESSION_CHAT_WEBHOOK_SECRET: 'hook-secret',
  SESSION_CHAT_WEBHOOK_MAX_ATTEMPTS: '3',
  SESSION_CHAT_METRICS_TOKEN: 'a-metrics-token-16-chars',
  SESSION_CHAT_SHUTDOWN_TIMEOUT_MS: '25000',
  LOG_LEVEL: 'warn',
};

const EXPECTED: RelayOptions = {
  port: 9001,
  host: '127.0.0.1',
  secret: SECRET,
  dataDir: '/srv/chat',
  allowedOrigins: ['https://a.example', 'https://b.example:8443'],
  publicUrl: 'https://chat.example.com',
  fsync: true,
  maxFrameBytes: 131072,
  maxTextLength: 500,
  rateLimit: { perSecond: 2.5, burst: 5 },
  heartbeatIntervalMs: 15000,
  maxBufferedBytes: 1048576,
  technicianCanDeleteAny: false,
  leaveGraceMs: 0,
  idleUnloadMs: 1000,
  idleEndMs: 0,
  historyEvents: 64,
  maxFileBytes: 1000000,
  allowedFileTypes: ['image/*', 'application/pdf'],
  deniedFileTypes: ['image/svg+xml'],
  uploadExpiryMs: 60000,
  adminApiKey: 'an-admin-key-of-16-chars',
  webhookUrl: 'https://host.example.com/hooks/chat',
  webhookSecret: 'hook-secret',
  webhookRetry: { maxAttempts: 3, baseDelayMs: 1000, maxDelayMs: 300000 },
  metricsToken: 'a-metrics-token-16-chars',
  shutdownTimeoutMs: 25000,
};

function withoutLogger(options: RelayOptions): RelayOptions {
  const { logger: _logger, ...rest } = options;
  return rest;
}

describe('relayOptionsFromEnv', () => {
  test('reads every variable of the table into its option', () => {
    const options = relayOptionsFromEnv(FULL_ENV);
    assert.deepEqual(withoutLogger(options), EXPECTED);
    assert.equal(options.logger?.level, 'warn');
  });

  test('the options it reads pass the relay\'s own checks unchanged', () => {
    const resolved = resolveRelayOptions(relayOptionsFromEnv(FULL_ENV), {});
    for (const [key, value] of Object.entries(EXPECTED)) assert.deepEqual(resolved[key as keyof typeof resolved], value, key);
  });

  test('nothing set reads nothing, and an empty variable counts as unset', () => {
    assert.deepEqual(relayOptionsFromEnv({}), {});
    assert.deepEqual(relayOptionsFromEnv({ PORT: '', SESSION_CHAT_ALLOWED_ORIGINS: '' }), {});
  });

  test('* allows any origin', () => {
    assert.deepEqual(relayOptionsFromEnv({ SESSION_CHAT_ALLOWED_ORIGINS: ' * ' }), { allowedOrigins: '*' });
  });

  test('a value that does not parse is a RelaySettingError naming the variable', () => {
    const cases: [Record<string, string>, string][] = [
      [{ PORT: '80a' }, 'PORT must be an integer from 0 to 65535, got "80a"'],
      [{ PORT: '1e3' }, 'PORT must be an integer from 0 to 65535, got "1e3"'],
      [{ SESSION_CHAT_HEARTBEAT_INTERVAL_MS: '5' }, 'SESSION_CHAT_HEARTBEAT_INTERVAL_MS must be an integer >= 10, got "5"'],
      [{ SESSION_CHAT_RATE_LIMIT_PER_SECOND: '0' }, 'SESSION_CHAT_RATE_LIMIT_PER_SECOND must be a number > 0, got "0"'],
      [{ SESSION_CHAT_PUBLIC_URL: 'chat.example.com' }, 'SESSION_CHAT_PUBLIC_URL must be an absolute http(s) URL, got "chat.example.com"'],
      [{ SESSION_CHAT_WEBHOOK_URL: 'ftp://x.example' }, 'SESSION_CHAT_WEBHOOK_URL must be an absolute http(s) URL, got "ftp://x.example"'],
      [{ SESSION_CHAT_ADMIN_KEY: 'short' }, 'SESSION_CHAT_ADMIN_KEY must be at least 16 characters long'],
      [{ SESSION_CHAT_METRICS_TOKEN: 'short' }, 'SESSION_CHAT_METRICS_TOKEN must be at least 16 characters long'],
      [{ SESSION_CHAT_SHUTDOWN_TIMEOUT_MS: '-1' }, 'SESSION_CHAT_SHUTDOWN_TIMEOUT_MS must be an integer >= 0, got "-1"'],
      [{ SESSION_CHAT_ALLOWED_ORIGINS: 'https://a.example/app' }, 'SESSION_CHAT_ALLOWED_ORIGINS "https://a.example/app" is not an origin such as https://support.example.com (scheme, host and port only)'],
      [{ SESSION_CHAT_DENIED_FILE_TYPES: 'exe' }, 'SESSION_CHAT_DENIED_FILE_TYPES "exe" is not a MIME type pattern such as image/* or application/pdf'],
      [{ SESSION_CHAT_TECHNICIAN_CAN_DELETE_ANY: 'sometimes' }, 'SESSION_CHAT_TECHNICIAN_CAN_DELETE_ANY must be true or false, got "sometimes"'],
    ];
    for (const [env, message] of cases) {
      assert.throws(() => relayOptionsFromEnv(env), (error: unknown) => {
        assert.ok(error instanceof RelaySettingError);
        assert.equal(error.message, message);
        assert.equal(error.code, 'SESSION_CHAT_BAD_SETTING');
        return true;
      });
    }
  });
});

describe('serve arguments', () => {
  test('flags win over the environment; the other variables still count', () => {
    const { options } = readServeArguments(['--port', '0', '--allowed-origins', '*', '--rate-limit-burst', '9'], {
      PORT: '9001',
      SESSION_CHAT_ALLOWED_ORIGINS: 'https://a.example',
      SESSION_CHAT_RATE_LIMIT_PER_SECOND: '3',
      SESSION_CHAT_DATA_DIR: '/srv/chat',
    });
    assert.deepEqual(options, { port: 0, allowedOrigins: '*', rateLimit: { perSecond: 3, burst: 9 }, dataDir: '/srv/chat' });
  });

  test('a switch and its --no- twin beat the variable; the last flag given counts', () => {
    assert.deepEqual(readServeArguments(['--no-fsync'], { SESSION_CHAT_FSYNC: 'true' }).options, { fsync: false });
    assert.deepEqual(readServeArguments(['--fsync'], { SESSION_CHAT_FSYNC: 'off' }).options, { fsync: true });
    assert.deepEqual(readServeArguments(['--fsync', '--no-fsync', '--port=1', '--port', '2'], {}).options, { fsync: false, port: 2 });
  });

  test('--help reads nothing else, not even a bad variable', () => {
    assert.deepEqual(readServeArguments(['--help'], { PORT: 'x' }), { help: true, options: {} });
    assert.deepEqual(readServeArguments(['-h'], {}), { help: true, options: {} });
  });

  test('a flag that does not parse, an unknown flag, a missing value or an argument are RelaySettingErrors', () => {
    const cases: [string[], string | RegExp][] = [
      [['--max-text-length', '0'], '--max-text-length must be an integer >= 1, got "0"'],
      [['--log-level', 'verbose'], '--log-level must be one of fatal, error, warn, info, debug, trace, silent, got "verbose"'],
      [['--origins', 'https://a.example'], 'unknown option --origins'],
      [['--port'], /--port/],
      [['now'], /Unexpected argument 'now'/],
      [['--fsync=yes'], /--fsync/],
    ];
    for (const [args, message] of cases) {
      assert.throws(() => readServeArguments(args, {}), (error: unknown) => {
        assert.ok(error instanceof RelaySettingError, String(error));
        if (typeof message === 'string') assert.equal(error.message, message);
        else assert.match(error.message, message);
        return true;
      });
    }
  });
});
