import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ErrorCodes } from '../src/protocol/index.js';
import { errorBody } from './auth.js';
import { sendJson } from './http-response.js';
import type { RelayRoute } from './http-routes.js';
import { PACKAGE_DIST } from './package-dist.js';

/**
 * The route of each language's data and where it comes from in emoji-picker-element-data:
 * English (emojibase) and German (CLDR). Arabic has no data set there; an Arabic picker shows
 * its labels in Arabic and the English emoji names.
 */
export const EMOJI_DATA: Readonly<Record<string, { dist: string; source: string }>> = {
  '/emoji/data.json': { dist: 'data.json', source: 'emoji-picker-element-data/en/emojibase/data.json' },
  '/emoji/de/data.json': { dist: 'de/data.json', source: 'emoji-picker-element-data/de/cldr/data.json' },
};

type Loaded = Promise<{ body: Buffer; etag: string }>;

/**
 * `GET|HEAD /emoji/data.json` (English) and `/emoji/de/data.json` (German): the emoji picker's
 * data, served by the relay so that the widget never asks a CDN. Public data: any origin may
 * read it, and its ETag (the picker revalidates with HEAD). The build copies the files into
 * `dist/emoji/` (the package ships those copies, not the data package); from the sources
 * before a build they are read where the data package is installed.
 */
export function createEmojiRoute(): RelayRoute {
  const cached = new Map<string, Loaded>();
  const load = (route: string, { dist, source }: { dist: string; source: string }): Loaded => {
    let entry = cached.get(route);
    if (!entry) {
      entry = (async () => {
        const body = await readFile(join(PACKAGE_DIST, 'emoji', dist)).catch(() => readFile(createRequire(import.meta.url).resolve(source)));
        return { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
      })();
      cached.set(route, entry);
    }
    return entry;
  };
  return {
    access: (_req, url) => (Object.hasOwn(EMOJI_DATA, url.pathname) ? 'public' : null),
    handle: (req, res, url) => serve(req, res, () => load(url.pathname, EMOJI_DATA[url.pathname]!)),
  };
}

async function serve(req: IncomingMessage, res: ServerResponse, load: () => Promise<{ body: Buffer; etag: string }>): Promise<void> {
  const cors = {
    'Access-Control-Allow-Origin': '*',
    'Access-Control-Expose-Headers': 'ETag',
  };
  if (req.method === 'OPTIONS') {
    res.writeHead(204, { ...cors, 'Access-Control-Allow-Methods': 'GET, HEAD', 'Access-Control-Max-Age': '600' }).end();
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendJson(res, 405, errorBody(ErrorCodes.NOT_FOUND, 'use GET or HEAD'), { ...cors, Allow: 'GET, HEAD' });
    return;
  }
  const { body, etag } = await load();
  const headers = {
    ...cors,
    ETag: etag,
    'Cache-Control': 'public, max-age=86400',
    'X-Content-Type-Options': 'nosniff',
  };
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, headers).end();
    return;
  }
  res.writeHead(200, { ...headers, 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': body.length });
  res.end(req.method === 'HEAD' ? undefined : body);
}
