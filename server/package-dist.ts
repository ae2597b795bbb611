import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The package's `dist/` folder, seen from this module: `dist/server/package-dist.js` once built
 * (the package as installed), `server/package-dist.ts` when run from the sources (tests, tsx),
 * where `dist/` exists after `npm run build`.
 */
export const PACKAGE_DIST: string = fileURLToPath(
  new URL(import.meta.url.includes('/dist/server/') ? '../' : '../dist/', import.meta.url),
);

/** package.json's `version`: it names the folder the relay serves `dist/browser` under. */
export const PACKAGE_VERSION: string = (() => {
  const path = fileURLToPath(new URL(import.meta.url.includes('/dist/server/') ? '../../package.json' : '../package.json', import.meta.url));
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as { version: string }).version : '0.0.0';
})();
