import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** How one conversion may run. */
export interface LibreOfficeLimits {
  /** The `soffice` program. */
  program: string;
  /** Killed (with every process it started) after this long. */
  timeoutMs: number;
  /** Address-space limit of the converter (`prlimit --as`), bytes. */
  maxMemoryBytes: number;
}

/** Why a conversion failed: `timeout` (killed), `failed` (exited without a PDF), `missing` (no soffice). */
export class ConversionError extends Error {
  override readonly name = 'ConversionError';
  constructor(
    readonly reason: 'timeout' | 'failed' | 'missing',
    message: string,
  ) {
    super(message);
  }
}

let sandboxProbe: { network: boolean; memory: boolean } | undefined;

/**
 * What this machine offers to confine the converter, probed once: a network namespace of its
 * own (`unshare -rn`: a user namespace mapped to the caller, so no root is needed; refused in
 * some containers) and an address-space limit (`prlimit`, util-linux).
 */
export function converterSandbox(): { network: boolean; memory: boolean } {
  sandboxProbe ??= {
    network: spawnSync('unshare', ['-rn', 'true'], { stdio: 'ignore', timeout: 5000 }).status === 0,
    memory: spawnSync('prlimit', ['--as=1000000000', '--', 'true'], { stdio: 'ignore', timeout: 5000 }).status === 0,
  };
  return sandboxProbe;
}

/** True when `program` starts (`soffice --version`). */
export function libreOfficeAvailable(program: string): boolean {
  return spawnSync(program, ['--version'], { stdio: 'ignore', timeout: 30_000 }).status === 0;
}

/**
 * Converts `input` (a local file whose extension tells LibreOffice its format) to PDF with
 * LibreOffice headless and returns the PDF's path inside `outDir`. Each run has a profile of
 * its own in a temporary folder (deleted after), no network where the machine allows a
 * namespace for it, an address-space limit, and is killed with all its processes on timeout.
 */
export async function convertToPdf(input: string, outDir: string, limits: LibreOfficeLimits): Promise<string> {
  const profile = await mkdtemp(join(tmpdir(), 'session-chat-soffice-'));
  const sandbox = converterSandbox();
  const soffice = [
    limits.program,
    `-env:UserInstallation=${pathToFileURL(profile).href}`,
    '--headless', '--invisible', '--norestore', '--nolockcheck', '--nodefault', '--nologo',
    '--convert-to', 'pdf', '--outdir', outDir, input,
  ];
  const argv = [
    ...(sandbox.network ? ['unshare', '-rn'] : []),
    ...(sandbox.memory ? ['prlimit', `--as=${limits.maxMemoryBytes}`, '--'] : []),
    ...soffice,
  ];
  try {
    await run(argv, profile, limits.timeoutMs);
    const pdf = (await readdir(outDir)).find((name) => name.toLowerCase().endsWith('.pdf'));
    if (!pdf) throw new ConversionError('failed', 'the converter wrote no PDF');
    return join(outDir, pdf);
  } finally {
    await rm(profile, { recursive: true, force: true });
  }
}

function run(argv: string[], home: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    // A process group of its own, so the timeout kills soffice.bin and whatever it started too.
    const child = spawn(argv[0]!, argv.slice(1), {
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, LANG: 'C.UTF-8', SAL_USE_VCLPLUGIN: 'svp' },
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      if (stderr.length < 4096) stderr += chunk;
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child.pid);
    }, timeoutMs);
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(new ConversionError(error.code === 'ENOENT' ? 'missing' : 'failed', `the converter did not start: ${error.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      // Helpers it forked may outlive it: the group goes with it.
      killGroup(child.pid);
      if (timedOut) reject(new ConversionError('timeout', `the converter took longer than ${timeoutMs} ms`));
      else if (code === 0) resolve();
      else reject(new ConversionError('failed', `the converter exited with ${signal ?? code}: ${stderr.trim().slice(0, 300)}`));
    });
  });
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}
