import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  ErrorCodes,
  checkFile,
  sanitizeFileName,
  sanitizeFileType,
  type FileLimits,
} from '../../src/protocol/index.js';
import { asSessionChatError, authenticate, decodeSessionId, errorBody } from '../auth.js';
import { corsHeaders } from '../cors.js';
import { sendJson } from '../http-response.js';
import type { RelayRoute } from '../http-routes.js';
import type { OriginPolicy } from '../origin.js';
import type { RelayMeter } from '../relay-meter.js';
import type { TokenClaims } from '../tokens.js';
import { refuse } from './file-http.js';
import { UPLOAD_ID, type Uploads } from './uploads.js';

export interface UploadRouteContext {
  secret: string;
  originPolicy: OriginPolicy;
  uploads: Uploads;
  limits: FileLimits;
  /** Whether a session has ended: no new uploads then. */
  sessionEnded(sessionId: string): Promise<boolean>;
  /** True once the relay drains: no upload is created or takes bytes (503; tus clients retry, then resume elsewhere). */
  isDraining?(): boolean;
  /** Counts uploads started and completed, and their bytes (the relay's metrics). */
  meter?: RelayMeter;
}

const ROUTE = /^\/api\/sessions\/([^/]+)\/uploads(?:\/([^/]+))?$/;
const METHODS = 'POST, HEAD, PATCH, DELETE, OPTIONS';
const ALLOW_HEADERS = 'Authorization, Content-Type, Tus-Resumable, Upload-Length, Upload-Metadata, Upload-Offset';
/** Response headers a browser's tus client must read. */
export const TUS_EXPOSE_HEADERS =
  'Upload-Offset, Location, Upload-Length, Tus-Version, Tus-Resumable, Tus-Max-Size, Tus-Extension, Upload-Metadata';
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const LENGTH = /^\d{1,16}$/;

/**
 * Parses tus `Upload-Metadata` (`key base64,key base64,…`); `undefined` when malformed.
 * Values are UTF-8 (invalid sequences become U+FFFD).
 */
export function parseUploadMetadata(header: string | undefined): Record<string, string> | undefined {
  // No prototype: keys such as "constructor", "toString" or "__proto__" are plain keys here.
  const out = Object.create(null) as Record<string, string>;
  if (header === undefined || header.trim() === '') return out;
  for (const pair of header.split(',')) {
    const parts = pair.trim().split(' ');
    const key = parts[0];
    const value = parts[1] ?? '';
    if (!key || parts.length > 2 || !BASE64.test(value) || value.length % 4 !== 0 || Object.hasOwn(out, key)) return undefined;
    out[key] = Buffer.from(value, 'base64').toString('utf8');
  }
  return out;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

/**
 * The tus upload routes, every check made before tus sees the request:
 * - `POST /api/sessions/:sessionId/uploads` creates an upload (`Upload-Length` required,
 *   metadata `filename`, `filetype`); refused with 413 FILE_TOO_LARGE from the declared length
 *   or 415 FILE_TYPE_REFUSED before anything is stored, 403 SESSION_ENDED after the end.
 * - `HEAD | PATCH | DELETE /api/sessions/:sessionId/uploads/:uploadId`: offset, bytes,
 *   cancel; only by the participant who created it (403 FORBIDDEN), 404 UPLOAD_NOT_FOUND for
 *   unknown ids or another session's, 409 UPLOAD_BUSY while it is being shared. A PATCH that
 *   would pass the declared length is refused (413 REQUEST_TOO_LARGE) and never read past it.
 *   After the session ended: PATCH 403 SESSION_ENDED for everyone, HEAD for customers.
 * - `OPTIONS` (CORS preflight) is answered by tus for allowed origins.
 * Tokens: `Authorization: Bearer` (or `?token=`); 401 TOKEN_*, 403 TOKEN_WRONG_SESSION. The
 * relay's Origin and CSRF policy (request-policy.ts) runs first: 403 ORIGIN_FORBIDDEN,
 * FORM_REQUEST_REFUSED.
 */
export function createUploadRoute(ctx: UploadRouteContext): RelayRoute {
  async function route(req: IncomingMessage, res: ServerResponse, url: URL, sessionSegment: string, uploadId: string | undefined): Promise<void> {
    const method = req.method ?? 'GET';
    if (method === 'OPTIONS') {
      res.setHeader('Vary', 'Origin');
      await ctx.uploads.handle(req, res);
      return;
    }
    const headers = {
      'Tus-Resumable': '1.0.0',
      ...corsHeaders(ctx.originPolicy, req, METHODS, { allowHeaders: ALLOW_HEADERS, exposeHeaders: TUS_EXPOSE_HEADERS }),
    };
    const allowed = uploadId === undefined ? ['POST'] : ['HEAD', 'PATCH', 'DELETE'];
    if (!allowed.includes(method)) {
      sendJson(res, 405, errorBody(ErrorCodes.NOT_FOUND, `use ${allowed.join(', ')}`), { ...headers, Allow: `${allowed.join(', ')}, OPTIONS` });
      return;
    }
    if ((method === 'POST' || method === 'PATCH') && ctx.isDraining?.()) {
      sendJson(res, 503, errorBody(ErrorCodes.INTERNAL_ERROR, 'the relay is shutting down; retry the upload'), { ...headers, 'Retry-After': '1' });
      return;
    }
    const sessionId = decodeSessionId(sessionSegment);
    if (sessionId === undefined) return refuse(res, ErrorCodes.INVALID_FIELD, 'the session id must be 1-128 characters', headers);
    let claims: TokenClaims;
    try {
      claims = await authenticate(ctx.secret, req, url, sessionId);
    } catch (error) {
      const refusal = asSessionChatError(error);
      return refuse(res, refusal.code, refusal.message, headers);
    }
    res.setHeader('Vary', 'Origin');

    if (uploadId === undefined) {
      const length = header(req, 'upload-length');
      if (header(req, 'upload-defer-length') !== undefined || header(req, 'upload-concat') !== undefined || !length || !LENGTH.test(length)) {
        return refuse(res, ErrorCodes.INVALID_FIELD, 'Upload-Length is required (deferred lengths and concatenation are not supported)', headers);
      }
      const metadata = parseUploadMetadata(header(req, 'upload-metadata'));
      if (!metadata) return refuse(res, ErrorCodes.INVALID_FIELD, 'Upload-Metadata is malformed', headers);
      const size = Number(length);
      const name = sanitizeFileName(metadata.filename ?? '');
      const type = sanitizeFileType(metadata.filetype);
      const refusal = checkFile({ size, type }, ctx.limits);
      if (refusal) return refuse(res, refusal.code, refusal.message, headers);
      if (await ctx.sessionEnded(sessionId)) return refuse(res, ErrorCodes.SESSION_ENDED, 'the session has ended', headers);
      const meter = ctx.meter;
      if (meter) res.once('finish', () => res.statusCode === 201 && meter.uploadStarted());
      await ctx.uploads.create(req, res, { name, type, owner: { sessionId, participantId: claims.id } });
      return;
    }

    const info = UPLOAD_ID.test(uploadId) ? await ctx.uploads.info(uploadId) : undefined;
    if (!info || info.owner.sessionId !== sessionId) {
      return refuse(res, ErrorCodes.UPLOAD_NOT_FOUND, 'no such upload in this session', headers);
    }
    if (info.owner.participantId !== claims.id) {
      return refuse(res, ErrorCodes.FORBIDDEN, 'the upload belongs to another participant', headers);
    }
    if (method !== 'HEAD' && ctx.uploads.isBusy(uploadId)) {
      return refuse(res, ErrorCodes.UPLOAD_BUSY, 'the upload is being shared', headers);
    }
    if (method === 'PATCH' && header(req, 'upload-length') !== undefined) {
      return refuse(res, ErrorCodes.INVALID_FIELD, 'the upload length was declared on creation', headers);
    }
    // After the end nothing can be shared: no more bytes from anyone, and a customer's token no
    // longer opens the session (cancelling stays possible, it only frees the relay's disk).
    if ((method === 'PATCH' || (method === 'HEAD' && claims.role === 'customer')) && (await ctx.sessionEnded(sessionId))) {
      return refuse(res, ErrorCodes.SESSION_ENDED, 'the session has ended', headers);
    }
    const declared = Number(header(req, 'content-length') ?? 0);
    const offset = Number(header(req, 'upload-offset') ?? 0);
    if (method === 'PATCH' && offset + declared > info.size) {
      res.setHeader('Connection', 'close');
      return refuse(res, ErrorCodes.REQUEST_TOO_LARGE, `the body would pass the upload's declared length of ${info.size} bytes`, headers);
    }
    const meter = ctx.meter;
    if (method === 'PATCH' && meter) {
      // tus answers after `handle` resolves: count once the answer is out, from its new offset.
      res.once('finish', () => {
        const offset = Number(res.getHeader('upload-offset'));
        if (res.statusCode !== 204 || !Number.isSafeInteger(offset)) return;
        meter.uploadReceived(Math.max(0, offset - info.offset), offset === info.size && info.offset < info.size);
      });
    }
    await ctx.uploads.handle(req, res);
  }

  return {
    // Bodies are checked against the declared lengths (above and by tus), not a route limit.
    maxBodyBytes: Number.POSITIVE_INFINITY,
    // Creating, sending bytes and cancelling change state; HEAD reads an offset.
    access: (req, url) => (ROUTE.test(url.pathname) ? (req.method === 'HEAD' ? 'session' : 'change') : null),
    handle: (req, res, url) => {
      const match = ROUTE.exec(url.pathname)!;
      return route(req, res, url, match[1]!, match[2]);
    },
  };
}
