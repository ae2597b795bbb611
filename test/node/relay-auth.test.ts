import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SignJWT } from 'jose';
import { ErrorCodes } from '../../src/protocol/index.js';
import { httpGet, probeUpgrade } from './support/http-probe.js';
import { SECRET, startRelay, tokenFor, type TestRelay } from './support/relay-harness.js';
import { TestClient } from './support/test-client.js';

const key = new TextEncoder().encode(SECRET);
const now = (): number => Math.floor(Date.now() / 1000);
const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const claims = { sid: 'auth-1', name: 'Mallory', role: 'customer' };

/** Every kind of bad token, with the status and code the relay must answer. */
async function badTokens(): Promise<Array<{ label: string; token: string | undefined; status: number; code: number; name: string }>> {
  const good = await tokenFor('auth-1', 'mallory');
  const [header, payload, signature] = good.split('.');
  const otherSig = signature!.startsWith('A') ? `B${signature!.slice(1)}` : `A${signature!.slice(1)}`;
  return [
    { label: 'missing', token: undefined, status: 401, code: ErrorCodes.TOKEN_MISSING, name: 'TOKEN_MISSING' },
    { label: 'bad signature', token: `${header}.${payload}.${otherSig}`, status: 401, code: ErrorCodes.TOKEN_INVALID, name: 'TOKEN_INVALID' },
    {
      label: 'signed with another secret',
      token: await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject('m').setExpirationTime(now() + 600).sign(new TextEncoder().encode('another-secret-of-16-chars')),
      status: 401,
      code: ErrorCodes.TOKEN_INVALID,
      name: 'TOKEN_INVALID',
    },
    {
      label: 'alg none',
      token: `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...claims, sub: 'mallory', exp: now() + 600 })}.`,
      status: 401,
      code: ErrorCodes.TOKEN_INVALID,
      name: 'TOKEN_INVALID',
    },
    {
      label: 'expired',
      token: await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject('m').setIssuedAt(now() - 7200).setExpirationTime(now() - 3600).sign(key),
      status: 401,
      code: ErrorCodes.TOKEN_EXPIRED,
      name: 'TOKEN_EXPIRED',
    },
    {
      label: 'no expiry',
      token: await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject('m').setIssuedAt().sign(key),
      status: 401,
      code: ErrorCodes.TOKEN_NO_EXPIRY,
      name: 'TOKEN_NO_EXPIRY',
    },
    {
      label: 'other session',
      token: await tokenFor('another-session', 'mallory'),
      status: 403,
      code: ErrorCodes.TOKEN_WRONG_SESSION,
      name: 'TOKEN_WRONG_SESSION',
    },
  ];
}

describe('relay: tokens are checked before the upgrade', () => {
  let r: TestRelay;
  before(async () => {
    r = await startRelay();
  });
  after(async () => {
    await r.close();
  });

  it('refuses each bad token with its HTTP status and JSON code, on the socket and on /me', async () => {
    for (const bad of await badTokens()) {
      const viaQuery = await probeUpgrade(r.wsUrl('auth-1', bad.token));
      assert.equal(viaQuery.status, bad.status, `${bad.label}: status`);
      assert.equal(viaQuery.headers['content-type'], 'application/json; charset=utf-8');
      assert.equal(viaQuery.headers.connection, 'close');
      assert.deepEqual({ ...(viaQuery.body as object), message: undefined }, { code: bad.code, name: bad.name, message: undefined }, `${bad.label}: body`);

      const headers: Record<string, string> = bad.token === undefined ? {} : { Authorization: `Bearer ${bad.token}` };
      const viaHeader = await probeUpgrade(r.wsUrl('auth-1'), headers);
      assert.equal(viaHeader.status, bad.status, `${bad.label}: status with Authorization`);
      assert.equal((viaHeader.body as { code: number }).code, bad.code);

      const me = await httpGet(`${r.relay.url}/api/sessions/auth-1/me`, { headers });
      assert.equal(me.status, bad.status, `${bad.label}: /me status`);
      assert.equal((me.body as { code: number }).code, bad.code, `${bad.label}: /me code`);
      assert.equal((me.body as { name: string }).name, bad.name);
    }
  });

  it('the ws client sees the refusal as an unexpected response', async () => {
    await assert.rejects(TestClient.connect(r.wsUrl('auth-1')), /upgrade refused with 401/);
  });

  it('upgrades a good token from the query or the Authorization header; /me tells who it is', async () => {
    const token = await tokenFor('auth-1', 'alice', 'technician', 'Alice');
    assert.equal((await probeUpgrade(r.wsUrl('auth-1', token))).status, 101);
    assert.equal((await probeUpgrade(r.wsUrl('auth-1'), { Authorization: `Bearer ${token}` })).status, 101);
    const me = await httpGet(`${r.relay.url}/api/sessions/auth-1/me`, { headers: { Authorization: `Bearer ${token}` } });
    assert.equal(me.status, 200);
    assert.deepEqual(me.body, { sessionId: 'auth-1', participant: { id: 'alice', name: 'Alice', role: 'technician' } });
  });

  it('serves /healthz, 404s unknown routes and survives bad URLs and methods', async () => {
    const health = await httpGet(`${r.relay.url}/healthz`);
    assert.equal(health.status, 200);
    assert.deepEqual(health.body, { ok: true });
    const missing = await httpGet(`${r.relay.url}/nope`);
    assert.equal(missing.status, 404);
    assert.equal((missing.body as { name: string }).name, 'NOT_FOUND');
    assert.equal((await httpGet(`${r.relay.url}/healthz`, { method: 'DELETE' })).status, 405);
    assert.equal((await httpGet(`${r.relay.url}/api/sessions/%E0%A4%A/me`)).status, 400);
    assert.equal((await probeUpgrade(`${r.relay.url}/ws/%E0%A4%A`)).status, 400);
    assert.equal((await probeUpgrade(`${r.relay.url}/ws/${'x'.repeat(129)}`)).status, 400);
    assert.equal((await probeUpgrade(`${r.relay.url}/elsewhere`)).status, 404);
    assert.equal((await httpGet(`${r.relay.url}/healthz`)).status, 200);
  });

  it('closes a socket with 4500 when its token expires', async () => {
    const token = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject('brief').setExpirationTime(Math.ceil(Date.now() / 1000) + 1).sign(key);
    const { client } = await TestClient.join(r.wsUrl('auth-1', token));
    assert.equal(await client.whenClosed(3_000), 4500);
  });

  it('closes each socket when its own token expires (one clock for all), in order, and not a socket that closed before', async () => {
    const sign = (subject: string, seconds: number): Promise<string> =>
      new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject(subject).setExpirationTime(Math.ceil(Date.now() / 1000) + seconds).sign(key);
    const [late, early, gone, lasting] = await Promise.all([sign('late', 2), sign('early', 1), sign('gone', 1), sign('lasting', 600)]);
    const clients = await Promise.all([late, early, gone, lasting].map(async (token) => (await TestClient.join(r.wsUrl('auth-1', token))).client));
    const closedAt: Record<string, number> = {};
    const names = ['late', 'early', 'gone', 'lasting'];
    await clients[2]!.close();
    const watched = [0, 1].map((i) => clients[i]!.whenClosed(4_000).then((code) => {
      closedAt[names[i]!] = Date.now();
      return code;
    }));
    assert.deepEqual(await Promise.all(watched), [4500, 4500]);
    assert.ok(closedAt.early! <= closedAt.late!, 'the earlier expiry closes first');
    // The long-lived token's socket is still open and usable.
    const ack = await clients[3]!.say('still here', 'still-1');
    assert.equal(ack.clientId, 'still-1');
    await clients[3]!.close();
  });
});

describe('relay: Origin allowlist', () => {
  let r: TestRelay;
  before(async () => {
    r = await startRelay({ allowedOrigins: ['https://support.example.com'] });
  });
  after(async () => {
    await r.close();
  });

  it('refuses a foreign Origin with 403 ORIGIN_FORBIDDEN, accepts a missing, allowed or same Origin', async () => {
    const url = r.wsUrl('origin-1', await tokenFor('origin-1', 'alice'));
    const foreign = await probeUpgrade(url, { Origin: 'https://evil.example' });
    assert.equal(foreign.status, 403);
    assert.deepEqual((foreign.body as { code: number; name: string }).code, ErrorCodes.ORIGIN_FORBIDDEN);
    assert.equal((foreign.body as { name: string }).name, 'ORIGIN_FORBIDDEN');
    assert.equal((await probeUpgrade(url, { Origin: 'null' })).status, 403);
    assert.equal((await probeUpgrade(url)).status, 101);
    assert.equal((await probeUpgrade(url, { Origin: 'https://support.example.com' })).status, 101);
    assert.equal((await probeUpgrade(url, { Origin: r.relay.url })).status, 101, 'same origin as Host');

    // Origin is checked before the token: a foreign page learns nothing about tokens.
    const noToken = await probeUpgrade(r.wsUrl('origin-1'), { Origin: 'https://evil.example' });
    assert.equal((noToken.body as { code: number }).code, ErrorCodes.ORIGIN_FORBIDDEN);
    const me = await httpGet(`${r.relay.url}/api/sessions/origin-1/me`, { headers: { Origin: 'https://evil.example' } });
    assert.equal(me.status, 403);
    assert.equal((me.body as { code: number }).code, ErrorCodes.ORIGIN_FORBIDDEN);
  });

  it('answers the /me preflight with CORS headers for the calling origin', async () => {
    const preflight = await httpGet(`${r.relay.url}/api/sessions/origin-1/me`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://support.example.com', 'Access-Control-Request-Headers': 'authorization' },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers['access-control-allow-origin'], 'https://support.example.com');
    assert.match(String(preflight.headers['access-control-allow-headers']), /Authorization/);
  });
});
