import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join, sep } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RelayRoute } from './http-routes.js';
import { PACKAGE_DIST, PACKAGE_VERSION } from './package-dist.js';

/** The prefix the widget asks (src/preview/asset-url.ts says the same). */
export const ASSETS_PREFIX = '/assets/session-chat/';

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};
/** Each file's name lies under one version's folder: cached for a year, never revalidated. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

export interface AssetsRouteOptions {
  /** The folder served (default: the package's own `dist/browser`). */
  root?: string;
  /** The version in the path (default: the package's). */
  version?: string;
}

/**
 * `GET|HEAD /assets/session-chat/<version>/<path>`: the relay's own copy of the widget's browser
 * build (`dist/browser`), read-only, for hosts whose bundler did not emit a file the widget loads
 * by URL (the previewers' workers). Any origin may load it (`Access-Control-Allow-Origin: *`,
 * `Cross-Origin-Resource-Policy: cross-origin`): these are the package's public files. Another
 * version, a path outside the folder, a source map or a folder answers 404.
 */
export function createAssetsRoute(options: AssetsRouteOptions = {}): RelayRoute {
  const root = options.root ?? join(PACKAGE_DIST, 'browser');
  const prefix = `${ASSETS_PREFIX}${options.version ?? PACKAGE_VERSION}/`;
  return {
    // The package's public files: any origin may load them, as the header below says.
    access: (_req, url) => (url.pathname.startsWith(ASSETS_PREFIX) ? 'public' : null),
    handle: (req, res, url) => serveAsset(req, res, url, root, prefix),
  };
}

async function serveAsset(req: IncomingMessage, res: ServerResponse, url: URL, root: string, prefix: string): Promise<void> {
  const cors = { 'Access-Control-Allow-Origin': '*', 'Cross-Origin-Resource-Policy': 'cross-origin', 'X-Content-Type-Options': 'nosniff' };
  const notFound = () => {
    res.writeHead(404, { ...cors, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' }).end('not found');
    return;
  };
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { ...cors, Allow: 'GET, HEAD' }).end();
    return;
  }
  if (!url.pathname.startsWith(prefix)) return notFound();
  let relative: string;
  try {
    relative = decodeURIComponent(url.pathname.slice(prefix.length));
  } catch {
    return notFound();
  }
  const segments = relative.split('/');
  const type = TYPES[extname(relative)];
  if (!type || segments.some((s) => s === '' || s === '.' || s === '..' || s.includes('\\') || s.includes('\0'))) return notFound();
  const path = join(root, ...segments);
  if (!path.startsWith(root + sep)) return notFound();
  const info = await stat(path).catch(() => null);
  if (!info?.isFile()) return notFound();
  res.writeHead(200, { ...cors, 'Content-Type': type, 'Content-Length': info.size, 'Cache-Control': IMMUTABLE });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(path)
    .on('error', () => res.destroy())
    .pipe(res);
}
