/**
 * What the package weighs: `npm pack` of the built tree (packed size, unpacked size, file count,
 * the largest files), then the tarball installed into a fresh project as a host would
 * (`npm install --engine-strict`): that project's `node_modules` size on disk and package count.
 * Reads the build only: `npm run build` first. Asserts nothing; about 10 s with a warm npm cache.
 *
 *   node --import tsx bench/package-size.ts [--top=8]
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { promisify } from 'node:util';

const run = promisify(execFile);
const { values: flags } = parseArgs({ options: { top: { type: 'string', default: '8' } } });
const root = fileURLToPath(new URL('../', import.meta.url));
const MB = 1024 * 1024;
const mb = (bytes: number) => `${(bytes / MB).toFixed(2)} MB`;

interface PackResult {
  filename: string;
  size: number;
  unpackedSize: number;
  entryCount: number;
  files: { path: string; size: number }[];
}

/** Bytes on disk under `dir` (blocks, as `du` counts them) and the number of package.json files of packages. */
async function diskUsage(dir: string): Promise<{ bytes: number; packages: number }> {
  let bytes = 0;
  let packages = 0;
  const walk = async (path: string, depth: number): Promise<void> => {
    for (const entry of await readdir(path, { withFileTypes: true })) {
      const full = join(path, entry.name);
      const info = await stat(full);
      bytes += info.blocks * 512;
      if (entry.isDirectory()) await walk(full, depth + 1);
      else if (entry.name === 'package.json' && /node_modules\/(@[^/]+\/)?[^/@.][^/]*$/.test(path)) packages += 1;
    }
  };
  await walk(dir, 0);
  return { bytes, packages };
}

const work = await mkdtemp(join(tmpdir(), 'session-chat-size-'));
try {
  const { stdout } = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], { cwd: root, maxBuffer: 64 * MB });
  const [pack] = JSON.parse(stdout) as PackResult[];
  if (!pack) throw new Error('npm pack printed nothing');
  const tarball = join(work, pack.filename);

  const consumer = join(work, 'host-app');
  await run('mkdir', ['-p', consumer]);
  await writeFile(join(consumer, 'package.json'), JSON.stringify({ name: 'host-app', private: true }));
  await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--engine-strict', tarball], { cwd: consumer, maxBuffer: 64 * MB });
  const installed = await diskUsage(join(consumer, 'node_modules'));

  console.log('\nPackage size (npm pack of the build; a fresh project installing the tarball)');
  console.log(`packed                 ${mb(pack.size)}`);
  console.log(`unpacked               ${mb(pack.unpackedSize)}`);
  console.log(`files                  ${pack.entryCount}`);
  console.log(`maps shipped           ${pack.files.filter((f) => f.path.endsWith('.map')).length}`);
  console.log(`consumer node_modules  ${mb(installed.bytes)} on disk, ${installed.packages} packages (session-chat included)`);
  console.log('largest files:');
  for (const file of [...pack.files].sort((a, b) => b.size - a.size).slice(0, Number(flags.top))) {
    console.log(`  ${(file.size / 1024).toFixed(0).padStart(7)} KB  ${file.path}`);
  }
} finally {
  await rm(work, { recursive: true, force: true });
}
