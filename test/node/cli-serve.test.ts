import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createToken, RELAY_SETTINGS } from '../../server/index.js';
import { probeUpgrade } from './support/http-probe.js';
import { SECRET } from './support/relay-harness.js';

// The real command, `node bin/session-chat.js …`, as a deployment runs it (it loads the built
// dist/, which `npm test` builds first).
const root = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(root, 'bin', 'session-chat.js');
const VERSION = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;

interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command that ends by itself (help, version, a refused setting). */
function runToEnd(args: string[], env: Record<string, string> = {}): Promise<Finished> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, timeout: 20_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

const dirs: string[] = [];
const children: ChildProcess[] = [];
after(async () => {
  for (const child of children) child.kill('SIGKILL');
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** Starts `session-chat serve ARGS` on a free loopback port and resolves with its URL once it listens. */
async function serve(args: string[], env: Record<string, string>): Promise<{ url: string; child: ChildProcess; output: string }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'session-chat-cli-'));
  dirs.push(dataDir);
  const child = spawn(process.execPath, [BIN, 'serve', ...args], {
    env: { PATH: process.env.PATH ?? '', PORT: '0', SESSION_CHAT_HOST: '127.0.0.1', SESSION_CHAT_SECRET: SECRET, SESSION_CHAT_DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${output}`)), 15_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}:\n${output}`));
    });
  });
  return { url, child, output };
}

async function upgradeFrom(url: string, origin: string): Promise<{ status: number; body: unknown }> {
  const token = await createToken({ secret: SECRET, sessionId: 'S-cli', role: 'customer', name: 'Ann' });
  const { status, body } = await probeUpgrade(`${url.replace('http', 'ws')}/ws/S-cli?token=${token}`, { Origin: origin });
  return { status, body };
}

const ACCEPTED = { status: 101, body: undefined };
const FORBIDDEN = { status: 403, body: { code: 4006, name: 'ORIGIN_FORBIDDEN', message: 'this origin may not use the relay' } };

describe('session-chat serve', () => {
  test('SESSION_CHAT_ALLOWED_ORIGINS lets its origins open sockets and refuses the others (403 ORIGIN_FORBIDDEN)', async () => {
    const { url } = await serve([], { SESSION_CHAT_ALLOWED_ORIGINS: 'https://a.example, https://c.example:8443' });
    assert.deepEqual(await upgradeFrom(url, 'https://a.example'), ACCEPTED);
    assert.deepEqual(await upgradeFrom(url, 'https://c.example:8443'), ACCEPTED);
    assert.deepEqual(await upgradeFrom(url, 'https://b.example'), FORBIDDEN);
    assert.deepEqual(await upgradeFrom(url, 'https://c.example'), FORBIDDEN, 'another port is another origin');
  });

  test('SESSION_CHAT_ALLOWED_ORIGINS=* lets any origin in', async () => {
    const { url } = await serve([], { SESSION_CHAT_ALLOWED_ORIGINS: '*' });
    assert.deepEqual(await upgradeFrom(url, 'https://b.example'), ACCEPTED);
  });

  test('a flag wins over its environment variable, even one that would not parse', async () => {
    const { url } = await serve(['--allowed-origins', 'https://b.example', '--port', '0'], {
      SESSION_CHAT_ALLOWED_ORIGINS: 'https://a.example',
      PORT: 'not-a-port',
    });
    assert.deepEqual(await upgradeFrom(url, 'https://b.example'), ACCEPTED);
    assert.deepEqual(await upgradeFrom(url, 'https://a.example'), FORBIDDEN);
  });

  test('turns off V8 allocation-site pretenuring before the relay starts, and says so', async () => {
    const { output } = await serve([], {});
    const lines = output.split('\n');
    const tuned = lines.findIndex((line) => line === 'session-chat relay: V8 allocation-site pretenuring off (--no-allocation-site-pretenuring)');
    assert.ok(tuned >= 0, output);
    assert.ok(tuned < lines.findIndex((line) => line.includes('listening on')), output);
  });

  test('the relay serves no page at / (the demo is npm start)', async () => {
    const { url } = await serve([], {});
    assert.equal((await fetch(`${url}/`)).status, 404);
    assert.equal((await fetch(`${url}/healthz`)).status, 200);
  });

  test('a bad value exits 2 with one line naming the variable or flag, and no stack trace', async () => {
    const cases: [string[], Record<string, string>, string][] = [
      [[], { SESSION_CHAT_ALLOWED_ORIGINS: 'support.example.com' }, 'SESSION_CHAT_ALLOWED_ORIGINS "support.example.com" is not an origin such as https://support.example.com (scheme, host and port only)'],
      [['--allowed-origins', 'https://a.example,*'], {}, '--allowed-origins must be "*" alone or a comma-separated list of origins'],
      [[], { PORT: '70000' }, 'PORT must be an integer from 0 to 65535, got "70000"'],
      [['--max-frame-bytes', '12'], {}, '--max-frame-bytes must be an integer >= 1024, got "12"'],
      [[], { SESSION_CHAT_FSYNC: 'maybe' }, 'SESSION_CHAT_FSYNC must be true or false, got "maybe"'],
      [[], { SESSION_CHAT_SECRET: 'short' }, 'SESSION_CHAT_SECRET must be at least 16 characters long'],
      [[], { SESSION_CHAT_SECRET: '' }, 'SESSION_CHAT_SECRET is not set: set it (or --secret) to the secret your host backend signs tokens with'],
      [[], { LOG_LEVEL: 'loud' }, 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "loud"'],
      [['--allowed-file-types', 'pictures'], {}, '--allowed-file-types "pictures" is not a MIME type pattern such as image/* or application/pdf'],
      [['--prot', '9000'], {}, 'unknown option --prot'],
    ];
    for (const [args, env, message] of cases) {
      const result = await runToEnd(['serve', ...args], { SESSION_CHAT_SECRET: SECRET, PORT: '0', LOG_LEVEL: 'silent', ...env });
      assert.equal(result.code, 2, `${JSON.stringify([args, env])}: ${result.stderr}`);
      assert.equal(result.stderr, `session-chat serve: ${message}\nSee \`session-chat serve --help\`.\n`);
      assert.doesNotMatch(result.stderr, /\n\s+at /);
      assert.equal(result.stdout, '');
    }
  });
});

describe('session-chat --help, --version', () => {
  test('--version prints the version of package.json', async () => {
    assert.deepEqual(await runToEnd(['--version']), { code: 0, stdout: `${VERSION}\n`, stderr: '' });
  });

  test('every command has --help, on stdout with exit status 0', async () => {
    for (const [args, first] of [
      [['--help'], 'Usage: session-chat <command> [options]'],
      [['-h'], 'Usage: session-chat <command> [options]'],
      [['serve', '--help'], 'Usage: session-chat serve [options]'],
      [['token', '--help'], 'Usage: session-chat token --session ID'],
      [['help', 'token'], 'Usage: session-chat token --session ID'],
    ] as const) {
      const result = await runToEnd([...args]);
      assert.equal(result.code, 0, args.join(' '));
      assert.equal(result.stderr, '');
      assert.ok(result.stdout.startsWith(first), `${args.join(' ')}: ${result.stdout}`);
    }
  });

  test('serve --help lists every setting: flag, variable, default and meaning', async () => {
    const { stdout } = await runToEnd(['serve', '--help']);
    for (const setting of RELAY_SETTINGS) {
      const flag = setting.value === '' ? `  ${setting.flag}, --no-${setting.flag.slice(2)}\n` : `  ${setting.flag} ${setting.value}\n`;
      assert.ok(stdout.includes(`${flag}      ${setting.description}\n      Environment: ${setting.env}. Default: ${setting.default}.\n`), setting.flag);
    }
    assert.match(stdout, /SESSION_CHAT_ALLOWED_ORIGINS/);
  });

  test('an unknown command exits 2 and shows the commands', async () => {
    const result = await runToEnd(['serv']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /^session-chat: unknown command "serv"\n\nUsage: session-chat <command>/);
  });
});
