import type { IncomingMessage } from 'node:http';
import { isOriginAllowed, type OriginPolicy } from './origin.js';

/**
 * CORS response headers for a request from an allowed origin (none for others, so the
 * browser withholds the answer). `exposed` lists response headers scripts may read.
 */
export function corsHeaders(
  policy: OriginPolicy,
  req: IncomingMessage,
  methods: string,
  options: { allowHeaders?: string; exposeHeaders?: string } = {},
): Record<string, string> {
  const origin = req.headers.origin;
  if (origin === undefined || !isOriginAllowed(policy, origin, req.headers.host)) return {};
  const headers: Record<string, string> = {
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Allow-Methods': methods,
    'Access-Control-Allow-Headers': options.allowHeaders ?? 'Authorization, Content-Type',
    'Access-Control-Max-Age': '600',
    Vary: 'Origin',
  };
  if (options.exposeHeaders) headers['Access-Control-Expose-Headers'] = options.exposeHeaders;
  return headers;
}
