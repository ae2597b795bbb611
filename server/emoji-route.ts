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

const ROUTE = '/emoji/data.json';

/**
 * `GET|HEAD /emoji/data.json`: the emoji picker's data (emoji-picker-element-data, English,
 * emojibase), served by the relay so that the widget never asks a CDN. Public data: any
 * origin may read it, and its ETag (the picker revalidates with HEAD). The build copies the file
 * into `dist/emoji/data.json` (the package ships that copy, not the data package); from the
 * sources before a build it is read where the data package is installed.
 */
export function createEmojiRoute(): RelayRoute {
  let cached: Promise<{ body: Buffer; etag: string }> | undefined;
  const load = () =>
    (cached ??= (async () => {
      const body = await readFile(join(PACKAGE_DIST, 'emoji', 'data.json')).catch(() =>
        readFile(createRequire(import.meta.url).resolve('emoji-picker-element-data/en/emojibase/data.json')),
      );
      return { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
    })());
  return {
    access: (_req, url) => (url.pathname === ROUTE ? 'public' : null),
    handle: (req, res) => serve(req, res, load),
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
