import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../..', import.meta.url));

export interface DemoServer {
  url: string;
  dataDir: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/**
 * What `npm start` runs after its build step: the part of package.json's start script after
 * its last `&& ` (`node demo/server.mjs`), with `node` as the Node running the tests.
 */
export function startScriptRunPart(): string[] {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: { start: string } };
  const script = pkg.scripts.start;
  const [command, ...args] = script.slice(script.lastIndexOf('&& ') + 3).trim().split(/\s+/);
  if (command !== 'node') throw new Error(`the start script's last command is not a node command: ${script}`);
  return [process.execPath, ...args];
}

/**
 * Starts the demo as `npm start` does once it has built (the start script's last command,
 * read from package.json), on a free port with its own data folder; the build is the test
 * run's own `npm run build`.
 */
export async function startDemo(env: Record<string, string> = {}): Promise<DemoServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'session-chat-e2e-'));
  const [command, ...args] = startScriptRunPart();
  const child = spawn(command!, args, {
    cwd: root,
    env: { ...process.env, PORT: '0', SESSION_CHAT_DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`demo did not start:\n${output}`)), 20_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /Console:\s+(http:\/\/\S+?)\/?\s/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`demo exited with ${code}:\n${output}`)));
  });
  return {
    url,
    dataDir,
    process: child,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
