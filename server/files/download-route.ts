import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { Logger } from 'pino';
import { ErrorCodes, isInlineImageType } from '../../src/protocol/index.js';
import { errorBody } from '../auth.js';
import { corsHeaders } from '../cors.js';
import { sendJson } from '../http-response.js';
import type { RelayRoute } from '../http-routes.js';
import type { OriginPolicy } from '../origin.js';
import { parseRange } from './byte-range.js';
import { contentDisposition } from './content-disposition.js';
import { fileAccess, type FileAccessContext } from './file-access.js';
import { refuse } from './file-http.js';

export interface DownloadRouteContext extends FileAccessContext {
  originPolicy: OriginPolicy;
  logger: Logger;
}

const ROUTE = /^\/api\/sessions\/([^/]+)\/files\/([^/]+)$/;
const METHODS = 'GET, HEAD, OPTIONS';
const EXPOSE = 'Content-Length, Content-Range, Content-Disposition, Accept-Ranges, ETag';

/** Headers of every file response: never sniffed, never run, never cached, no referrer leaves. */
export const FILE_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Content-Security-Policy': "sandbox; default-src 'none'",
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'private, no-store',
};

/**
 * `GET | HEAD /api/sessions/:sessionId/files/:fileId` — a shared file's bytes, for holders of a
 * token of that session (`Authorization: Bearer`, or `?token=` for `<a download>` and `<img>`):
 * 401 TOKEN_*, 403 TOKEN_WRONG_SESSION, 404 NOT_FOUND for an unknown file or one whose message
 * was deleted, 403 SESSION_ENDED for a customer once the session ended (technicians and admins
 * keep reading). `Content-Disposition: attachment` with the name encoded per RFC 6266/5987;
 * `?disposition=inline` is honoured for raster images only (png, jpeg, gif, webp). One byte
 * range (`Range: bytes=…`): 206, or 416 with `Content-Range: bytes *\/size`; `If-Range` with
 * the ETag (the file's SHA-256). Streams: memory stays flat whatever the size.
 */
export function createDownloadRoute(ctx: DownloadRouteContext): RelayRoute {
  async function route(req: IncomingMessage, res: ServerResponse, url: URL, sessionSegment: string, fileSegment: string): Promise<void> {
    const method = req.method ?? 'GET';
    const cors = corsHeaders(ctx.originPolicy, req, METHODS, { allowHeaders: 'Authorization, Range, If-Range', exposeHeaders: EXPOSE });
    if (method === 'OPTIONS') {
      res.writeHead(204, { ...cors, 'Cache-Control': 'no-store' }).end();
      return;
    }
    if (method !== 'GET' && method !== 'HEAD') {
      sendJson(res, 405, errorBody(ErrorCodes.NOT_FOUND, 'use GET or HEAD'), { ...cors, Allow: METHODS });
      return;
    }
    const access = await fileAccess(ctx, req, res, url, { session: sessionSegment, file: fileSegment }, cors);
    if (!access) return;
    const { sessionId, fileId, record } = access;
    const notFound = (): void => refuse(res, ErrorCodes.NOT_FOUND, 'no such file in this session', cors);
    const inline = url.searchParams.get('disposition') === 'inline' && isInlineImageType(record.meta.type);
    const etag = `"${record.sha256}"`;
    const ifRange = req.headers['if-range'];
    const range = ifRange !== undefined && ifRange !== etag ? { kind: 'whole' as const } : parseRange(req.headers.range, record.size);
    const headers: Record<string, string | number> = {
      ...cors,
      ...FILE_SECURITY_HEADERS,
      'Content-Type': record.meta.type,
      'Content-Disposition': contentDisposition(inline ? 'inline' : 'attachment', record.meta.name),
      'Accept-Ranges': 'bytes',
      ETag: etag,
    };
    if (range.kind === 'unsatisfiable') {
      sendJson(res, 416, errorBody(ErrorCodes.INVALID_FIELD, 'the range is outside the file'), {
        ...cors,
        'Content-Range': `bytes */${record.size}`,
        'Accept-Ranges': 'bytes',
      });
      return;
    }
    const part = range.kind === 'range' ? { start: range.start, end: range.end } : undefined;
    const status = part ? 206 : 200;
    headers['Content-Length'] = part ? part.end - part.start + 1 : record.size;
    if (part) headers['Content-Range'] = `bytes ${part.start}-${part.end}/${record.size}`;
    if (method === 'HEAD') {
      res.writeHead(status, headers).end();
      return;
    }
    const blob = await ctx.blobs.get(fileId, part);
    if (!blob) return notFound();
    res.writeHead(status, headers);
    try {
      await pipeline(blob.stream, res);
    } catch (error) {
      // The reader went away, or the bytes could not be read: the response is cut short.
      if (!res.destroyed) {
        ctx.logger.warn({ err: error, sessionId, fileId }, 'sending a file failed');
        res.destroy();
      }
    }
  }

  return {
    access: (_req, url) => (ROUTE.test(url.pathname) ? 'session' : null),
    handle: (req, res, url) => {
      const match = ROUTE.exec(url.pathname)!;
      return route(req, res, url, match[1]!, match[2]!);
    },
  };
}
