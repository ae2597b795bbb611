/**
 * Every benchmark in one command, with the command line's `--quick` passed to each. With
 * `"bench": "npm run build && a && b && c"`, npm appends `npm run bench -- --quick` to the last
 * command only; `"bench": "npm run build && node --import tsx bench/all.ts"` avoids that.
 *
 *   node --import tsx bench/all.ts [--quick] [relay benchmark options, see run.ts]
 *
 * The relay benchmark (run.ts) gets every argument; cluster.ts (scale-out: relays on Redis behind
 * nginx, and Socket.IO's Redis adapter), upload.ts, session-load.ts (a large session's load time with
 * and without the relay's garbage collector setting), transfer-relay.ts, transfer-browsers.ts (a live
 * transfer between two Chromium browsers, peer to peer and through the relay) and preview.ts get
 * `--quick` only;
 * first-load.ts (the widget's first-load size, under a second) and package-size.ts (the packed
 * package and a host's install of it, about 10 s) get none.
 * Stops at the first benchmark that fails, like `&&`.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const quick = args.includes('--quick') ? ['--quick'] : [];
const steps: [string, string[]][] = [
  ['first-load.ts', []],
  ['package-size.ts', []],
  ['run.ts', args],
  ['cluster.ts', quick],
  ['upload.ts', quick],
  ['session-load.ts', quick],
  ['transfer-relay.ts', quick],
  ['transfer-browsers.ts', quick],
  ['preview.ts', quick],
];

for (const [file, fileArgs] of steps) {
  const path = fileURLToPath(new URL(`./${file}`, import.meta.url));
  const result = spawnSync(process.execPath, ['--import', 'tsx', path, ...fileArgs], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
