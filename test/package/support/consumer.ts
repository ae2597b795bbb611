import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const require = createRequire(import.meta.url);
const repo = join(dirname(new URL(import.meta.url).pathname), '..', '..', '..');

/** The version of a package installed in this repository (so the consumer installs the same, from npm's cache). */
function installedVersion(name: string): string {
  return (require(join(repo, 'node_modules', name, 'package.json')) as { version: string }).version;
}

/** `npm pack --ignore-scripts` of the built repository into `into`; returns the tarball's path. */
export async function packRepository(into: string): Promise<string> {
  const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', into], { cwd: repo, maxBuffer: 64 * 1024 * 1024 });
  const [packed] = JSON.parse(stdout) as { filename: string }[];
  if (!packed) throw new Error(`npm pack printed no tarball: ${stdout}`);
  return join(into, packed.filename);
}

/**
 * A fresh consumer project in `dir` (an ES module package) with the tarball installed as a user
 * installs it, plus the type packages a consumer brings itself: @types/node (Node code),
 * @types/ws (`import WebSocket from 'ws'`) and @types/react (only `session-chat/react` needs it).
 */
export async function consumerProject(dir: string, tarball: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }, null, 2));
  const types = ['@types/node', '@types/ws', '@types/react'].map((name) => `${name}@${installedVersion(name)}`);
  await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts', tarball, ...types], {
    cwd: dir,
    maxBuffer: 16 * 1024 * 1024,
  });
}

/** Compiler options of one consumer configuration (merged over the strict common ones). */
export type CompilerOptions = Record<string, unknown>;

/** The strictest settings users turn on, so the declarations hold in any project. */
const common: CompilerOptions = {
  strict: true,
  skipLibCheck: false,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  noImplicitOverride: true,
  verbatimModuleSyntax: true,
  noEmit: true,
  target: 'ES2022',
  forceConsistentCasingInFileNames: true,
  allowJs: true,
  checkJs: true,
};

export interface TscResult {
  /** tsc's exit code: 0 when everything compiled. */
  code: number;
  /** The error lines (tsc's messages), empty on success. */
  errors: string;
  /** Every file in the program (`--listFiles`). */
  files: string[];
}

/** Writes `tsconfig.NAME.json` over `files` in the consumer and runs this repository's tsc on it. */
export async function typeCheck(dir: string, name: string, options: CompilerOptions, files: string[]): Promise<TscResult> {
  const config = join(dir, `tsconfig.${name}.json`);
  await writeFile(config, JSON.stringify({ compilerOptions: { ...common, ...options }, files }, null, 2));
  const tsc = join(dirname(require.resolve('typescript/package.json')), 'bin', 'tsc');
  const outcome = await run(process.execPath, [tsc, '-p', config, '--listFiles', '--pretty', 'false'], { cwd: dir, maxBuffer: 64 * 1024 * 1024 }).then(
    ({ stdout }) => ({ code: 0, stdout }),
    (error: { code?: number; stdout?: string; stderr?: string }) => ({ code: error.code ?? 1, stdout: `${error.stdout ?? ''}${error.stderr ?? ''}` }),
  );
  const lines = outcome.stdout.split('\n').filter(Boolean);
  const isFile = (line: string): boolean => line.startsWith('/') && /\.[cm]?[jt]sx?$/.test(line);
  return { code: outcome.code, errors: lines.filter((line) => !isFile(line)).join('\n'), files: lines.filter(isFile) };
}

/** The README of the repository. */
export function readme(): Promise<string> {
  return readFile(join(repo, 'README.md'), 'utf8');
}

/** A file of test/package/consumer/, as text. */
export function consumerFile(name: string): Promise<string> {
  return readFile(join(repo, 'test', 'package', 'consumer', name), 'utf8');
}

/** Whether the build this test packs exists. */
export function builtTypes(): string {
  return join(repo, 'dist', 'types', 'index.d.ts');
}
