/**
 * The packed package as hosts get it: `npm pack` of this (built) repository, installed into fresh
 * consumer folders with npm. Bundlers and tsc come from this repository's devDependencies and run
 * with the consumer folder as their root; the package itself is only read from the consumer.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const require = createRequire(import.meta.url);
export const REPO = fileURLToPath(new URL('../../..', import.meta.url));

/** The version of a package installed in this repository (so the consumer installs the same, from npm's cache). */
function installedVersion(name: string): string {
  return (require(join(REPO, 'node_modules', name, 'package.json')) as { version: string }).version;
}

/** `npm pack --ignore-scripts` of the built repository into `into` (the build ran before the tests); returns the tarball's path. */
export async function packRepository(into: string): Promise<string> {
  const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', into], { cwd: REPO, maxBuffer: 64 * 1024 * 1024 });
  const [packed] = JSON.parse(stdout) as { filename: string }[];
  if (!packed) throw new Error(`npm pack printed no tarball: ${stdout}`);
  return join(into, packed.filename);
}

async function install(dir: string, name: string, args: string[]): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name, private: true, type: 'module' }, null, 2));
  await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', ...args], { cwd: dir, maxBuffer: 16 * 1024 * 1024 });
}

/** A fresh host project with the tarball installed, as a host would (`--engine-strict`: no engine may be refused). */
export async function installConsumer(tarball: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'session-chat-consumer-'));
  await install(dir, 'host-app', ['--engine-strict', tarball]);
  return dir;
}

/**
 * A fresh consumer project in `dir` with the tarball installed plus the type packages a consumer
 * brings itself: @types/node (Node code), @types/ws (`import WebSocket from 'ws'`) and
 * @types/react (only `session-chat/react` needs it).
 */
export async function consumerProject(dir: string, tarball: string): Promise<void> {
  const types = ['@types/node', '@types/ws', '@types/react'].map((name) => `${name}@${installedVersion(name)}`);
  await install(dir, 'consumer', ['--ignore-scripts', tarball, ...types]);
}
