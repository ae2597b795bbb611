import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { Logger } from 'pino';
import { ErrorCodes } from '../../src/protocol/index.js';
import { errorBody } from '../auth.js';
import { corsHeaders } from '../cors.js';
import { sendJson } from '../http-response.js';
import type { RelayRoute } from '../http-routes.js';
import type { OriginPolicy } from '../origin.js';
import { contentDisposition } from './content-disposition.js';
import { FILE_SECURITY_HEADERS } from './download-route.js';
import { fileAccess, type FileAccessContext } from './file-access.js';
import { refuse } from './file-http.js';
import { RenditionError, renditionExtensionOf, type Renditions } from './renditions.js';

export interface RenditionRouteContext extends FileAccessContext {
  originPolicy: OriginPolicy;
  /** Off when the relay has no converter: the route answers 404. */
  renditions: Renditions | undefined;
  logger: Logger;
}

const ROUTE = /^\/api\/sessions\/([^/]+)\/files\/([^/]+)\/rendition$/;
const METHODS = 'GET, OPTIONS';

/**
 * `GET /api/sessions/:sessionId/files/:fileId/rendition` — the file as a PDF made by the relay's
 * converter (made on the first request, which waits for it; cached after), for the same readers
 * as the file itself. 404 NOT_FOUND without a converter, 422 RENDITION_FAILED when the type is
 * not one it converts, the file is over its size limit, or the conversion failed or timed out.
 */
export function createRenditionRoute(ctx: RenditionRouteContext): RelayRoute {
  async function route(req: IncomingMessage, res: ServerResponse, url: URL, sessionSegment: string, fileSegment: string): Promise<void> {
    const method = req.method ?? 'GET';
    const cors = corsHeaders(ctx.originPolicy, req, METHODS, { allowHeaders: 'Authorization', exposeHeaders: 'Content-Length' });
    if (method === 'OPTIONS') {
      res.writeHead(204, { ...cors, 'Cache-Control': 'no-store' }).end();
      return;
    }
    if (method !== 'GET') {
      sendJson(res, 405, errorBody(ErrorCodes.NOT_FOUND, 'use GET'), { ...cors, Allow: METHODS });
      return;
    }
    const access = await fileAccess(ctx, req, res, url, { session: sessionSegment, file: fileSegment }, cors);
    if (!access) return;
    if (!ctx.renditions) return refuse(res, ErrorCodes.NOT_FOUND, 'this relay has no converter', cors);
    const { record } = access;
    if (!renditionExtensionOf(record.meta.name)) {
      return refuse(res, ErrorCodes.RENDITION_FAILED, 'the converter takes no files of this type', cors);
    }
    let pdf: { path: string; size: number };
    try {
      pdf = await ctx.renditions.pdfOf(record);
    } catch (error) {
      if (error instanceof RenditionError) return refuse(res, ErrorCodes.RENDITION_FAILED, error.message, cors);
      throw error;
    }
    if (res.destroyed) return;
    const base = record.meta.name.replace(/\.[^.]*$/, '');
    res.writeHead(200, {
      ...cors,
      ...FILE_SECURITY_HEADERS,
      'Content-Type': 'application/pdf',
      'Content-Disposition': contentDisposition('attachment', `${base}.pdf`),
      'Content-Length': pdf.size,
    });
    try {
      await pipeline(createReadStream(pdf.path), res);
    } catch (error) {
      if (!res.destroyed) {
        ctx.logger.warn({ err: error, fileId: record.id }, 'sending a rendition failed');
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
