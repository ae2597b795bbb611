/**
 * Upload benchmark: a generated file of pseudo-random bytes (1 GiB; 100 MiB with --quick) is
 * shared through a relay running in a child process, over loopback: uploaded with one
 * streaming tus PATCH (so that the load generator is not what is measured), then shared over
 * a socket. With --client it goes through the real client instead (SessionClient.shareFiles ->
 * tus-js-client in Node, 16 MiB chunks). Prints the upload throughput, the share step's (hash
 * + store) throughput, and the relay's peak RSS growth sampled from /proc/PID/status every
 * 50 ms. Checks that the stored file's SHA-256 is the generated one.
 *
 *   node --import tsx bench/upload.ts [--quick] [--size MiB] [--client] [--keep] [--time-limit s]
 *
 * Exits 1 when the checksum differs or the relay's RSS grew by 100 MB or more (the budget),
 * 2 when it ran out of time.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, openAsBlob, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { createToken } from '../server/index.js';
import { SessionClient } from '../src/client/index.js';
import { PROTOCOL_VERSION } from '../src/protocol/index.js';

const SECRET = 'upload-bench-secret-0123456789';
const RSS_BUDGET_BYTES = 100 * 1000 * 1000;
const SAMPLE_MS = 50;
const MiB = 1024 * 1024;

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    size: { type: 'string' },
    client: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    'time-limit': { type: 'string' },
  },
});
const sizeMiB = args.size !== undefined ? Number(args.size) : args.quick ? 100 : 1024;
if (!Number.isInteger(sizeMiB) || sizeMiB < 1 || sizeMiB > 1024) throw new TypeError('--size must be 1-1024 (MiB; the relay allows 1 GiB)');
const size = sizeMiB * MiB;
const timeLimitMs = (args['time-limit'] !== undefined ? Number(args['time-limit']) : args.quick ? 120 : 600) * 1000;

const mb = (bytes: number): string => (bytes / 1e6).toFixed(1);
const rate = (bytes: number, ms: number): string => (ms > 0 ? ((bytes / 1e6) / (ms / 1000)).toFixed(0) : '∞');

/**
 * Writes `bytes` of pseudo-random data to `path` (AES-128-CTR keystream under a random key:
 * incompressible, fast, never all in memory); resolves with its SHA-256.
 */
async function generate(path: string, bytes: number): Promise<string> {
  const hash = createHash('sha256');
  const out = createWriteStream(path);
  const cipher = createCipheriv('aes-128-ctr', randomBytes(16), randomBytes(16));
  const zeros = Buffer.alloc(4 * MiB);
  for (let written = 0; written < bytes; ) {
    const chunk = cipher.update(zeros.subarray(0, Math.min(zeros.length, bytes - written)));
    hash.update(chunk);
    written += chunk.length;
    if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) => {
    out.once('error', reject);
    out.end(() => resolve());
  });
  return hash.digest('hex');
}

/** Samples a process's resident set from /proc every 50 ms. */
class RssSampler {
  private timer: NodeJS.Timeout | undefined;
  private peak = 0;
  constructor(private readonly pid: number) {}

  now(): number {
    try {
      const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${this.pid}/status`, 'utf8'));
      return match ? Number(match[1]) * 1024 : 0;
    } catch {
      return 0;
    }
  }

  start(): void {
    this.peak = this.now();
    this.timer = setInterval(() => {
      this.peak = Math.max(this.peak, this.now());
    }, SAMPLE_MS);
  }

  /** Peak since start (or the last `mark`), then starts a new window. */
  mark(): number {
    const peak = Math.max(this.peak, this.now());
    this.peak = this.now();
    return peak;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}

function startRelayChild(dataDir: string): Promise<{ child: ChildProcess; port: number }> {
  const script = fileURLToPath(new URL('./upload-relay.ts', import.meta.url));
  const child = fork(script, [dataDir], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, SESSION_CHAT_SECRET: SECRET },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the relay exited (${code}) before listening`)));
    child.on('message', (message) => {
      const m = message as { type: string; port?: number };
      if (m.type === 'ready') resolve({ child, port: m.port! });
    });
  });
}

function relayMemory(child: ChildProcess): Promise<{ heapUsed: number; external: number; arrayBuffers: number }> {
  return new Promise((resolve) => {
    const onMessage = (message: unknown): void => {
      const m = message as { type: string; mem?: { heapUsed: number; external: number; arrayBuffers: number } };
      if (m.type !== 'mem') return;
      child.off('message', onMessage);
      resolve(m.mem!);
    };
    child.on('message', onMessage);
    child.send({ type: 'mem' });
  });
}

interface Timing {
  uploadMs: number;
  shareMs: number;
  fileId: string;
}

/** The real client: SessionClient.shareFiles with a disk-backed Blob. */
async function shareWithClient(base: string, _sessionId: string, token: string, path: string, onShareStart: () => void): Promise<Timing> {
  const client = new SessionClient({ server: base, token, WebSocket });
  await client.connect();
  try {
    const file = new File([await openAsBlob(path)], 'bench.bin', { type: 'application/octet-stream' });
    const [handle] = client.shareFiles([file]);
    let started = 0;
    let uploaded = 0;
    handle!.addEventListener('statechange', (e) => {
      if (e.detail.state === 'uploading') started = performance.now();
      if (e.detail.state === 'sharing') {
        uploaded = performance.now();
        onShareStart();
      }
    });
    const event = await handle!.done;
    const done = performance.now();
    return { uploadMs: uploaded - started, shareMs: done - uploaded, fileId: event.file.id };
  } finally {
    client.close();
  }
}

function http(url: string, method: string, headers: Record<string, string>, body?: NodeJS.ReadableStream): Promise<{ status: number; location?: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location }));
    });
    req.on('error', reject);
    if (body) body.pipe(req);
    else req.end();
  });
}

/** The default: one tus creation and one streaming PATCH of the whole file, then a share over a socket. */
async function shareRaw(base: string, sessionId: string, token: string, path: string, onShareStart: () => void): Promise<Timing> {
  const endpoint = `${base}/api/sessions/${sessionId}/uploads`;
  const auth = { Authorization: `Bearer ${token}`, 'Tus-Resumable': '1.0.0' };
  const started = performance.now();
  const created = await http(endpoint, 'POST', { ...auth, 'Upload-Length': String(size), 'Upload-Metadata': `filename ${Buffer.from('bench.bin').toString('base64')}` });
  if (created.status !== 201 || !created.location) throw new Error(`creation refused: ${created.status}`);
  const url = new URL(created.location, endpoint).toString();
  const patched = await http(
    url,
    'PATCH',
    { ...auth, 'Upload-Offset': '0', 'Content-Type': 'application/offset+octet-stream', 'Content-Length': String(size) },
    createReadStream(path, { highWaterMark: MiB }),
  );
  if (patched.status !== 204) throw new Error(`PATCH refused: ${patched.status}`);
  const uploaded = performance.now();
  onShareStart();
  const ws = new WebSocket(`${base.replace(/^http/, 'ws')}/ws/${sessionId}?token=${token}`);
  const fileId = await new Promise<string>((resolve, reject) => {
    ws.on('open', () => ws.send(JSON.stringify({ type: 'hello', v: PROTOCOL_VERSION })));
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as { type: string; event?: { file?: { id: string } }; message?: string };
      if (frame.type === 'welcome') ws.send(JSON.stringify({ type: 'share', clientId: 'bench-raw', uploadId: url.split('/').pop() }));
      if (frame.type === 'ack') resolve(frame.event!.file!.id);
      if (frame.type === 'error') reject(new Error(frame.message));
    });
    ws.on('error', reject);
  });
  ws.close();
  return { uploadMs: uploaded - started, shareMs: performance.now() - uploaded, fileId };
}

async function main(): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), 'session-chat-upload-bench-'));
  const source = join(dir, 'source.bin');
  const dataDir = join(dir, 'data');
  let child: ChildProcess | undefined;
  const deadline = setTimeout(() => {
    process.stderr.write(`upload bench: out of time after ${timeLimitMs / 1000} s\n`);
    child?.kill('SIGKILL');
    void rm(dir, { recursive: true, force: true }).finally(() => process.exit(2));
  }, timeLimitMs);
  deadline.unref();
  try {
    process.stdout.write(`upload bench: ${sizeMiB} MiB of pseudo-random bytes, ${args.client ? 'SessionClient.shareFiles (tus-js-client in Node, 16 MiB chunks)' : 'one streaming tus PATCH'}, relay in a child process, loopback\n`);
    let t = performance.now();
    const expected = await generate(source, size);
    process.stdout.write(`  generated ${sizeMiB} MiB in ${((performance.now() - t) / 1000).toFixed(1)} s\n`);

    const started = await startRelayChild(dataDir);
    child = started.child;
    const base = `http://127.0.0.1:${started.port}`;
    const sampler = new RssSampler(child.pid!);
    const token = (sessionId: string): Promise<string> =>
      createToken({ secret: SECRET, sessionId, participantId: 'bench', role: 'customer', name: 'Bench', ttl: '1h' });

    // Warm-up: a small share loads every module on the upload path before the baseline.
    const warm = join(dir, 'warm.bin');
    await generate(warm, MiB);
    await shareWithClient(base, 'warm-up', await token('warm-up'), warm, () => {});
    await new Promise((resolve) => setTimeout(resolve, 500));
    const baseline = sampler.now();
    const before = await relayMemory(child);

    sampler.start();
    let uploadPeak = 0;
    t = performance.now();
    const share = args.client ? shareWithClient : shareRaw;
    const timing = await share(base, 'bench', await token('bench'), source, () => {
      uploadPeak = sampler.mark();
    });
    const sharePeak = sampler.mark();
    sampler.stop();
    const totalMs = performance.now() - t;
    const afterMem = await relayMemory(child);

    const record = JSON.parse(await readFile(join(dataDir, 'blobs', `${timing.fileId}.json`), 'utf8')) as { sha256: string; size: number };
    const intact = record.sha256 === expected && record.size === size;
    const peak = Math.max(uploadPeak, sharePeak);
    const growth = peak - baseline;
    const withinBudget = growth < RSS_BUDGET_BYTES;

    process.stdout.write(
      [
        `  upload:  ${rate(size, timing.uploadMs)} MB/s (${(timing.uploadMs / 1000).toFixed(2)} s)`,
        `  share (SHA-256 + store, in the relay): ${rate(size, timing.shareMs)} MB/s (${(timing.shareMs / 1000).toFixed(2)} s)`,
        `  end to end: ${rate(size, totalMs)} MB/s (${(totalMs / 1000).toFixed(2)} s)`,
        `  relay RSS: baseline ${mb(baseline)} MB, peak ${mb(peak)} MB (upload ${mb(uploadPeak)}, share ${mb(sharePeak)}), growth ${mb(growth)} MB — budget < ${mb(RSS_BUDGET_BYTES)} MB: ${withinBudget ? 'ok' : 'OVER'}`,
        `  relay heap ${mb(before.heapUsed)} -> ${mb(afterMem.heapUsed)} MB, external ${mb(before.external)} -> ${mb(afterMem.external)} MB`,
        `  stored SHA-256 ${intact ? 'matches' : 'DIFFERS'} (${expected.slice(0, 16)}…)`,
        '',
      ].join('\n'),
    );
    process.stdout.write(
      `${JSON.stringify({
        bench: 'upload',
        mode: args.client ? 'client' : 'raw',
        bytes: size,
        uploadMBps: Number(rate(size, timing.uploadMs)),
        shareMBps: Number(rate(size, timing.shareMs)),
        totalMs: Math.round(totalMs),
        rssBaseline: baseline,
        rssPeak: peak,
        rssGrowth: growth,
        rssBudget: RSS_BUDGET_BYTES,
        intact,
      })}\n`,
    );
    return intact && withinBudget ? 0 : 1;
  } finally {
    clearTimeout(deadline);
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child!.once('exit', resolve));
      child.send({ type: 'stop' });
      await exited;
    }
    if (!args.keep) await rm(dir, { recursive: true, force: true });
    else process.stdout.write(`  kept ${dir}\n`);
  }
}

process.exitCode = await main();
