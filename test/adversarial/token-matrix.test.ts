/**
 * Every token defect against every HTTP route and the WebSocket upgrade: each gets its typed
 * refusal (status and `{ code, name, message }`), never a 5xx, never a pass.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SignJWT } from 'jose';
import { ErrorCodes, errorCodeName } from '../../src/protocol/index.js';
import { probeUpgrade } from '../node/support/http-probe.js';
import { SECRET, startRelay, tokenFor, type TestRelay } from '../node/support/relay-harness.js';
import { TestClient } from '../node/support/test-client.js';
import { createUpload, locationOf, rawRequest, uploadIdOf } from '../node/support/tus.js';
import { Tally, report } from './support/figures.js';

const SID = 'matrix-1';
const ADMIN_KEY = 'matrix-admin-key-0123456789abcdef';
const now = (): number => Math.floor(Date.now() / 1000);
const key = (secret: string): Uint8Array => new TextEncoder().encode(secret);

async function sign(claims: Record<string, unknown>, options: { secret?: string; alg?: string; exp?: number | null; nbf?: number } = {}): Promise<string> {
  const jwt = new SignJWT(claims).setProtectedHeader({ alg: options.alg ?? 'HS256', typ: 'JWT' }).setIssuedAt();
  if (options.exp !== null) jwt.setExpirationTime(options.exp ?? now() + 3600);
  if (options.nbf !== undefined) jwt.setNotBefore(options.nbf);
  return jwt.sign(key(options.secret ?? SECRET));
}

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const GOOD = { sid: SID, sub: 'tom', name: 'Tom', role: 'technician' };

/** A defect: the token (undefined: none) and the refusal expected where the route is per session. */
interface Defect {
  name: string;
  token(): Promise<string | undefined>;
  code: number;
  /** Refusal on routes that take a staff token of any session (transcripts); `null`: accepted there. */
  staffCode?: number | null;
}

const DEFECTS: Defect[] = [
  { name: 'missing', token: async () => undefined, code: ErrorCodes.TOKEN_MISSING },
  { name: 'malformed (not a JWT)', token: async () => 'not-a-token', code: ErrorCodes.TOKEN_INVALID },
  { name: 'malformed (three garbage parts)', token: async () => 'a.b.c', code: ErrorCodes.TOKEN_INVALID },
  { name: 'malformed (header not JSON)', token: async () => `${Buffer.from('{oops').toString('base64url')}.${b64(GOOD)}.x`, code: ErrorCodes.TOKEN_INVALID },
  { name: 'wrong signature', token: () => sign(GOOD, { secret: 'another-secret-of-16-chars-or-more' }), code: ErrorCodes.TOKEN_INVALID },
  { name: 'alg none', token: async () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...GOOD, exp: now() + 3600 })}.`, code: ErrorCodes.TOKEN_INVALID },
  { name: 'another algorithm (HS512, right secret)', token: () => sign(GOOD, { alg: 'HS512' }), code: ErrorCodes.TOKEN_INVALID },
  { name: 'expired', token: () => sign(GOOD, { exp: now() - 60 }), code: ErrorCodes.TOKEN_EXPIRED },
  { name: 'not yet valid (nbf)', token: () => sign(GOOD, { nbf: now() + 3600 }), code: ErrorCodes.TOKEN_INVALID },
  { name: 'no expiry', token: () => sign(GOOD, { exp: null }), code: ErrorCodes.TOKEN_NO_EXPIRY },
  { name: 'missing session claim', token: () => sign({ ...GOOD, sid: undefined }), code: ErrorCodes.TOKEN_INVALID },
  { name: 'missing participant claim', token: () => sign({ ...GOOD, sub: undefined }), code: ErrorCodes.TOKEN_INVALID },
  { name: 'missing name claim', token: () => sign({ ...GOOD, name: undefined }), code: ErrorCodes.TOKEN_INVALID },
  { name: 'claims of the wrong type', token: () => sign({ ...GOOD, sid: { toString: 0 }, name: ['x'] }), code: ErrorCodes.TOKEN_INVALID },
  { name: 'unknown role', token: () => sign({ ...GOOD, role: 'superuser' }), code: ErrorCodes.TOKEN_INVALID },
  { name: 'prototype role', token: () => sign({ ...GOOD, role: '__proto__' }), code: ErrorCodes.TOKEN_INVALID },
  { name: 'wrong session', token: () => tokenFor('another-session', 'tom', 'technician'), code: ErrorCodes.TOKEN_WRONG_SESSION, staffCode: null },
  { name: 'wrong admin key', token: async () => 'matrix-admin-key-0123456789abcdeX', code: ErrorCodes.TOKEN_INVALID },
  { name: 'large (8 KB of garbage)', token: async () => 'x'.repeat(8 * 1024), code: ErrorCodes.TOKEN_INVALID },
  { name: 'oversized (100 KB)', token: async () => 'x'.repeat(100 * 1024), code: ErrorCodes.REQUEST_TOO_LARGE },
];

function statusOf(code: number): number {
  switch (code) {
    case ErrorCodes.TOKEN_WRONG_SESSION:
      return 403;
    case ErrorCodes.REQUEST_TOO_LARGE:
      return 431;
    default:
      return 401;
  }
}

interface Answer {
  status: number;
  body: unknown;
}

describe('adversarial: token defects on every route', () => {
  let r: TestRelay;
  let uploadId: string;
  const fileId = '0'.repeat(32);
  before(async () => {
    r = await startRelay({ adminApiKey: ADMIN_KEY });
    const { client } = await TestClient.join(r.wsUrl(SID, await tokenFor(SID, 'tom', 'technician')));
    await client.say('so that the session exists', 'm-1');
    await client.close();
    const owner = await tokenFor(SID, 'tom', 'technician');
    uploadId = uploadIdOf(locationOf(r.relay.url, SID, await createUpload(r.relay.url, SID, owner, 10, { filename: 'a.bin' })));
  });
  after(() => r.close());

  const bearer = (token: string | undefined): Record<string, string> => (token === undefined ? {} : { Authorization: `Bearer ${token}` });
  const http = async (method: string, path: string, headers: Record<string, string>, body?: Buffer): Promise<Answer> => {
    const res = await rawRequest(`${r.relay.url}${path}`, method, headers, body);
    return { status: res.status, body: res.json };
  };
  const tus = { 'Tus-Resumable': '1.0.0' };
  const routes: { name: string; staff?: boolean; send(token: string | undefined): Promise<Answer> }[] = [
    { name: 'WS upgrade /ws/:id?token=', send: (t) => probeUpgrade(r.wsUrl(SID, t)) },
    { name: 'WS upgrade with Authorization', send: (t) => probeUpgrade(r.wsUrl(SID), bearer(t)) },
    { name: 'GET /me', send: (t) => http('GET', `/api/sessions/${SID}/me`, bearer(t)) },
    { name: 'POST /end', send: (t) => http('POST', `/api/sessions/${SID}/end`, bearer(t)) },
    { name: 'GET /api/transcripts', staff: true, send: (t) => http('GET', '/api/transcripts', bearer(t)) },
    { name: 'GET /api/transcripts/:id.json', staff: true, send: (t) => http('GET', `/api/transcripts/${SID}.json`, bearer(t)) },
    { name: 'POST /uploads (tus create)', send: (t) => http('POST', `/api/sessions/${SID}/uploads`, { ...tus, 'Upload-Length': '3', ...bearer(t) }) },
    { name: 'HEAD /uploads/:id', send: (t) => http('HEAD', `/api/sessions/${SID}/uploads/${uploadId}`, { ...tus, ...bearer(t) }) },
    {
      name: 'PATCH /uploads/:id',
      send: (t) =>
        http('PATCH', `/api/sessions/${SID}/uploads/${uploadId}`, { ...tus, 'Upload-Offset': '0', 'Content-Type': 'application/offset+octet-stream', ...bearer(t) }, Buffer.from('abc')),
    },
    { name: 'DELETE /uploads/:id', send: (t) => http('DELETE', `/api/sessions/${SID}/uploads/${uploadId}`, { ...tus, ...bearer(t) }) },
    { name: 'GET /files/:id (Authorization)', send: (t) => http('GET', `/api/sessions/${SID}/files/${fileId}`, bearer(t)) },
    {
      name: 'GET /files/:id?token=',
      send: (t) => http('GET', `/api/sessions/${SID}/files/${fileId}${t === undefined ? '' : `?token=${encodeURIComponent(t)}`}`, {}),
    },
  ];

  it('refuses each defect on each route with its code and status, never 5xx', async (t) => {
    const outcomes = new Tally();
    let requests = 0;
    for (const defect of DEFECTS) {
      const token = await defect.token();
      for (const route of routes) {
        const answer = await route.send(token).catch((e: unknown) => { throw new Error(`${defect.name} on ${route.name}: ${String(e)}`); });
        requests++;
        const where = `${defect.name} on ${route.name}: ${answer.status} ${JSON.stringify(answer.body)}`;
        assert.ok(answer.status < 500, where);
        const expected = route.staff && defect.staffCode !== undefined ? defect.staffCode : defect.code;
        if (expected === null) {
          assert.ok(answer.status === 200 || answer.status === 404, `accepted: ${where}`);
          outcomes.add('accepted (staff token of another session)');
          continue;
        }
        // HEAD answers carry no body: the status says it.
        assert.equal(answer.status, statusOf(expected), where);
        if (route.name.startsWith('HEAD')) {
          outcomes.add(`${errorCodeName(expected)} (status only)`);
          continue;
        }
        assert.deepEqual(
          { code: (answer.body as { code?: number })?.code, name: (answer.body as { name?: string })?.name },
          { code: expected, name: errorCodeName(expected) },
          where,
        );
        assert.equal(typeof (answer.body as { message?: unknown }).message, 'string', where);
        outcomes.add(errorCodeName(expected)!);
      }
    }
    report(t, 'token matrix', { defects: DEFECTS.length, routes: routes.length, requests, '5xx': 0, ...outcomes.toRecord() });
    // The matrix proves nothing if a good token were refused too.
    const good = await tokenFor(SID, 'tom', 'technician');
    assert.equal((await routes[0]!.send(good)).status, 101);
    assert.equal((await routes[2]!.send(good)).status, 200);
    assert.equal((await routes[4]!.send(good)).status, 200);
    assert.equal((await routes[7]!.send(good)).status, 200);
  });
});
