import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startRelay, tokenFor, wsUrlOf, type TestRelay } from './support/relay-harness.js';
import { TestClient } from './support/test-client.js';
import { sha256, tusMetadata } from './support/tus.js';
import { accepting, freePort } from '../support/free-port.js';
import { NGINX, writeMainConf } from '../support/nginx.js';

// The nginx site the README documents (The relay > Deployment), as written there: `nginx -t`
// accepts it, and a real nginx running it on loopback ports carries a WebSocket, a tus upload
// of one default chunk (16 MiB, over nginx's own 1 MiB default) and a download to a real relay.
// nginx is required, not optional: .ci/run installs it where it is missing.

const run = promisify(execFile);
const README = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');
const SITE = /### Deployment[\s\S]*?```nginx\n([\s\S]*?)\n```/.exec(README)?.[1];
const HOST = 'chat.example.com';

function replaceOnce(text: string, from: string | RegExp, to: string): string {
  const found = typeof from === 'string' ? text.split(from).length - 1 : (text.match(new RegExp(from, 'g')) ?? []).length;
  assert.equal(found, 1, `the README's nginx site has ${found} × ${String(from)}, the test expects one`);
  return text.replace(from, to);
}

/** Folders made by {@link prepare}, removed after the file's tests. */
const dirs: string[] = [];
after(async () => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

/** A folder with a self-signed certificate, the site with it, and a main config around it. */
async function prepare(site: string): Promise<{ dir: string; conf: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'session-chat-nginx-'));
  dirs.push(dir);
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  await run('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', `/CN=${HOST}`]);
  let withCert = replaceOnce(site, `/etc/ssl/certs/${HOST}.pem`, cert);
  withCert = replaceOnce(withCert, `/etc/ssl/private/${HOST}.key`, key);
  await writeFile(join(dir, 'site.conf'), withCert);
  const conf = await writeMainConf(dir);
  return { dir, conf };
}

function nginxArgs(dir: string, conf: string): string[] {
  return ['-c', conf, '-p', `${dir}/`, '-e', join(dir, 'error.log')];
}



/** One HTTPS request to nginx on loopback, as a browser of https://chat.example.com sends it. */
function viaProxy(port: number, path: string, method: string, headers: Record<string, string> = {}, body?: Buffer): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, servername: HOST, rejectUnauthorized: false, headers: { Host: HOST, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe("the README's nginx site", () => {

  test('is there, and nginx is installed to check it', () => {
    assert.ok(SITE, 'README.md has an ```nginx block under ### Deployment');
    assert.ok(existsSync(NGINX), `${NGINX} is missing: .ci/run installs nginx (apt-get install nginx)`);
  });

  test('passes nginx -t as documented (with a self-signed certificate in place of the real one)', async () => {
    const { dir, conf } = await prepare(SITE!);
    const { stderr } = await run(NGINX, ['-t', ...nginxArgs(dir, conf)]);
    assert.match(stderr, /test is successful/);
  });

  describe('running on loopback ports in front of a real relay', () => {
    let relay: TestRelay;
    let nginx: ChildProcess;
    let https: number;
    let http: number;
    before(async () => {
      relay = await startRelay();
      [http, https] = [await freePort(), await freePort()];
      let site = SITE!.split('\n').filter((line) => !/^\s*listen \[::\]/.test(line)).join('\n');
      site = replaceOnce(site, /listen 80;/, `listen 127.0.0.1:${http};`);
      site = replaceOnce(site, /listen 443 ssl;/, `listen 127.0.0.1:${https} ssl;`);
      site = replaceOnce(site, /server 127\.0\.0\.1:8080;/, `server 127.0.0.1:${relay.relay.port};`);
      const { dir, conf } = await prepare(site);
      nginx = spawn(NGINX, [...nginxArgs(dir, conf), '-g', 'daemon off; master_process off;'], { stdio: 'ignore' });
      await accepting(https);
    });
    after(async () => {
      if (nginx?.exitCode === null) {
        const exited = new Promise((resolve) => nginx.once('exit', resolve));
        nginx.kill('SIGTERM');
        await exited;
      }
      await relay?.close();
    });

    test('plain HTTP redirects to HTTPS', async () => {
      const res = await new Promise<{ status: number; location: unknown }>((resolve, reject) => {
        const req = connect(http, '127.0.0.1', () => req.end(`GET /healthz HTTP/1.1\r\nHost: ${HOST}\r\nConnection: close\r\n\r\n`));
        let text = '';
        req.on('data', (chunk: Buffer) => (text += chunk.toString()));
        req.on('end', () => resolve({ status: Number(/^HTTP\/1\.1 (\d+)/.exec(text)?.[1]), location: /\r\nLocation: (\S+)/i.exec(text)?.[1] }));
        req.on('error', reject);
      });
      assert.deepEqual(res, { status: 301, location: `https://${HOST}/healthz` });
    });

    test('a page of the relay\'s own origin opens a WebSocket through it and chats', async () => {
      const token = await tokenFor('S-proxy', 'ann', 'customer', 'Ann');
      const url = wsUrlOf(`https://127.0.0.1:${https}`, 'S-proxy', token);
      const { client, welcome } = await TestClient.join(url, undefined, { rejectUnauthorized: false, headers: { Host: HOST }, origin: `https://${HOST}` });
      try {
        assert.equal(welcome.type, 'welcome');
        const ack = await client.say('hello through nginx', 'c-1');
        assert.equal(ack.event.type, 'message.sent');
      } finally {
        await client.close();
      }
    });

    test('a tus upload of one 16 MiB chunk goes through, is shared, and downloads byte for byte', async () => {
      const token = await tokenFor('S-proxy-files', 'ann', 'customer', 'Ann');
      const auth = { Authorization: `Bearer ${token}`, 'Tus-Resumable': '1.0.0' };
      const bytes = randomBytes(16 * 1024 * 1024);
      const created = await viaProxy(https, '/api/sessions/S-proxy-files/uploads', 'POST', {
        ...auth,
        'Upload-Length': String(bytes.length),
        'Upload-Metadata': tusMetadata({ filename: 'dump.bin', filetype: 'application/octet-stream' }),
      });
      assert.equal(created.status, 201, created.body.toString());
      const location = new URL(String(created.headers.location), `https://${HOST}/api/sessions/S-proxy-files/uploads`);
      const patched = await viaProxy(https, location.pathname, 'PATCH', {
        ...auth,
        'Upload-Offset': '0',
        'Content-Type': 'application/offset+octet-stream',
        'Content-Length': String(bytes.length),
      }, bytes);
      assert.equal(patched.status, 204, patched.body.toString());
      assert.equal(patched.headers['upload-offset'], String(bytes.length));

      const uploadId = location.pathname.slice(location.pathname.lastIndexOf('/') + 1);
      const { client } = await TestClient.join(wsUrlOf(`https://127.0.0.1:${https}`, 'S-proxy-files', token), undefined, {
        rejectUnauthorized: false,
        headers: { Host: HOST },
      });
      try {
        client.send({ type: 'share', clientId: 'share-1', uploadId });
        const ack = await client.answer('share-1', 10_000);
        assert.equal(ack.event.type, 'file.shared');
        const fileId = ack.event.type === 'file.shared' ? ack.event.file.id : '';
        const download = await viaProxy(https, `/api/sessions/S-proxy-files/files/${fileId}`, 'GET', { Authorization: `Bearer ${token}` });
        assert.equal(download.status, 200);
        assert.equal(download.body.length, bytes.length);
        assert.equal(sha256(download.body), sha256(bytes));
      } finally {
        await client.close();
      }
    });
  });
});
