/** tsc over consumer files (README code blocks, test/package/consumer/) in one configuration. */
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { REPO } from './packed.js';

const run = promisify(execFile);
const require = createRequire(import.meta.url);
const repo = REPO;

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
