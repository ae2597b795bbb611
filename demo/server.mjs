// The demo: a mock host support console (/), the customer page (/join#token=…) and the
// assets they load, mounted on the relay's own HTTP server through its `onRequest` option.
// It uses only the package's public entry points, as a host would.
import { randomBytes, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRelay, createToken, relayOptionsFromEnv, RelaySettingError, tuneGarbageCollector, verifyToken } from 'session-chat/server';

const here = dirname(fileURLToPath(import.meta.url));
const assetsDir = join(here, '..', 'dist', 'browser');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
};

const CSP = [
  "default-src 'self'",
  "connect-src 'self' ws: wss:",
  "img-src 'self' data: blob:",
  // Players stream from the relay (this origin); the sender measures audio and video from a blob: URL.
  "media-src 'self' blob:",
  "style-src 'self' 'unsafe-inline'",
  "worker-src 'self' blob:",
  "frame-src 'self' blob: data:",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'self'",
].join('; ');

/** Pages and scripts of the demo itself, by URL path. */
const PAGES = {
  '/': 'console.html',
  '/join': 'join.html',
  '/files': 'files.html',
  '/demo/files.js': 'files.js',
  '/demo/console.js': 'console.js',
  '/demo/join.js': 'join.js',
  '/demo/demo.css': 'demo.css',
};

async function sendFile(res, path) {
  try {
    const body = await readFile(path);
    res.writeHead(200, {
      'content-type': TYPES[extname(path)] ?? 'application/octet-stream',
      'content-security-policy': CSP,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-cache',
    });
    res.end(body);
  } catch {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  }
}

function json(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(body));
}

async function readJson(req) {
  let size = 0;
  const chunks = [];
  for await (const chunk of req) {
    size += chunk.length;
    if (size > 16 * 1024) throw new Error('body too large');
    chunks.push(chunk);
  }
  return chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
}

function cleanName(value, fallback) {
  return typeof value === 'string' && value.trim() ? value.trim().slice(0, 80) : fallback;
}

/**
 * The customer reference a host keeps for the customer (a CRM id): the demo takes what the
 * console typed when it is one (letters, digits and . _ - : @ + /), else none.
 */
function cleanRef(value) {
  const ref = typeof value === 'string' ? value.trim() : '';
  return /^[A-Za-z0-9._:@+/-]{1,128}$/.test(ref) ? ref : undefined;
}

/** The widget's languages the console offers (the package ships these three). */
function cleanLang(value) {
  return ['en', 'de', 'ar'].includes(value) ? value : 'en';
}

/** The demo's tiny host backend: a technician starts a session and gets a customer link. */
function demoRoutes(secret) {
  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://demo.invalid');
    if (req.method === 'POST' && url.pathname === '/demo/api/sessions') {
      try {
        const body = await readJson(req);
        const sessionId = randomUUID();
        const technicianName = cleanName(body.technicianName, 'Technician');
        const customerName = cleanName(body.customerName, 'Customer');
        // Both tokens name the customer: the technician then sees that customer's earlier sessions.
        const customer = cleanRef(body.customerRef);
        // The technician's language is the session's: its transcript's headings are written in it.
        const technicianLang = cleanLang(body.technicianLang);
        const customerLang = cleanLang(body.customerLang);
        const [technicianToken, customerToken] = await Promise.all([
          createToken({ secret, sessionId, role: 'technician', name: technicianName, ttl: '8h', customer, lang: technicianLang }),
          createToken({ secret, sessionId, role: 'customer', name: customerName, ttl: '8h', customer, lang: customerLang }),
        ]);
        json(res, 201, { sessionId, technicianToken, technicianLang, customerPath: `/join#token=${customerToken}${customerLang === 'en' ? '' : `&lang=${customerLang}`}` });
      } catch {
        json(res, 400, { message: 'bad request' });
      }
      return true;
    }
    if (req.method === 'POST' && url.pathname === '/demo/api/invites') {
      // "Add participant" in the technician's widget: the host's backend checks who asks (a
      // technician of that session, by their token) and mints the new participant's token.
      try {
        const asking = await verifyToken(secret, (req.headers.authorization ?? '').replace(/^Bearer /, ''));
        if (asking.role !== 'technician' && asking.role !== 'admin') return json(res, 403, { message: 'Only technicians can add participants.' }), true;
        const body = await readJson(req);
        const role = body.role === 'technician' ? 'technician' : 'customer';
        const token = await createToken({ secret, sessionId: asking.sessionId, role, name: cleanName(body.name, 'Guest'), ttl: '8h', customer: asking.customer });
        json(res, 201, { path: `/join#token=${token}` });
      } catch {
        json(res, 401, { message: 'Your session token is not valid.' });
      }
      return true;
    }
    if (req.method === 'POST' && url.pathname === '/demo/api/staff-token') {
      // The demo has no login: its "logged-in technician" gets an admin token for the files portal.
      const token = await createToken({ secret, sessionId: 'organisation-files', role: 'admin', name: 'Support staff', ttl: '1h' });
      json(res, 201, { token });
      return true;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const page = PAGES[url.pathname];
    if (page) {
      await sendFile(res, join(here, page));
      return true;
    }
    if (url.pathname.startsWith('/assets/')) {
      let name;
      try {
        name = decodeURIComponent(url.pathname.slice('/assets/'.length));
      } catch {
        return false; // not a valid percent-encoding (e.g. an overlong "..%c0%af"): no such asset
      }
      const path = normalize(join(assetsDir, name));
      if (!path.startsWith(assetsDir + sep)) return false;
      await sendFile(res, path);
      return true;
    }
    return false;
  };
}

async function main() {
  // Every deployment setting of `session-chat serve` is read from the environment here too
  // (PORT, SESSION_CHAT_ALLOWED_ORIGINS, LOG_LEVEL…): `npm start` honours them all.
  const options = relayOptionsFromEnv(process.env);
  let secret = options.secret;
  if (!secret) {
    secret = randomBytes(32).toString('base64url');
    process.stdout.write(
      `SESSION_CHAT_SECRET was not set; generated one for this run:\n  SESSION_CHAT_SECRET=${secret}\n` +
        'Set it to keep tokens valid across restarts and to mint tokens with `npx session-chat token`.\n',
    );
  }
  // As `session-chat serve` does: V8's allocation-site pretenuring off (README, "Garbage collector setting").
  tuneGarbageCollector();
  const relay = await createRelay({ ...options, secret, onRequest: demoRoutes(secret) });
  const base = options.host ? relay.url : `http://localhost:${relay.port}`;
  process.stdout.write(`session-chat demo running.\n  Console:  ${base}/\n  Relay:    ${base} (WebSocket ${base.replace('http', 'ws')}/ws/SESSION)\n`);
  const stop = () => void relay.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error) => {
  // A bad setting (RelaySettingError) or option (TypeError) is the user's to fix: exit 2.
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(error instanceof RelaySettingError || error instanceof TypeError ? 2 : 1);
});
