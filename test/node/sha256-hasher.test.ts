import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { FileHasher, sha256Hasher } from '../../src/client/live-transfers/file-hasher.js';

const HASHER = fileURLToPath(new URL('../../src/client/live-transfers/file-hasher.ts', import.meta.url));

describe('live transfers: the SHA-256', () => {
  it('hashes in pieces of any size exactly as node:crypto does', async () => {
    const bytes = randomBytes(3 * 1024 * 1024 + 17);
    const hash = await sha256Hasher();
    for (let at = 0; at < bytes.length; ) {
      const size = Math.min(bytes.length - at, 1 + Math.floor(Math.random() * 700_000));
      hash.update(bytes.subarray(at, at + size));
      at += size;
    }
    assert.equal(hash.hex(), createHash('sha256').update(bytes).digest('hex'));
    const empty = await sha256Hasher();
    assert.equal(empty.hex(), createHash('sha256').digest('hex'));
  });

  it('a file hashed by senders at scattered offsets (a resume further on, one starting over) is hashed once, in order', async () => {
    const bytes = randomBytes(9 * 1024 * 1024);
    const file = new Blob([bytes]);
    const hasher = new FileHasher(file, await sha256Hasher());
    const MiB = 1024 * 1024;
    hasher.offer(0, bytes.subarray(0, MiB));
    hasher.offer(3 * MiB, bytes.subarray(3 * MiB, 4 * MiB)); // ahead of the hash: ignored, read again later
    hasher.offer(0, bytes.subarray(0, 2 * MiB)); // starting over: only the new part counts
    assert.equal(await hasher.digest(), createHash('sha256').update(bytes).digest('hex'));
  });

  it('where WebAssembly cannot run (here: node --jitless) it hashes in JavaScript, with the same result', () => {
    const script = `
      const { sha256Hasher } = await import(${JSON.stringify(HASHER)});
      const hash = await sha256Hasher();
      hash.update(new TextEncoder().encode('session-chat'));
      console.log(typeof WebAssembly, hash.hex());`;
    const out = execFileSync(process.execPath, ['--jitless', '--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' }).trim();
    assert.equal(out, `undefined ${createHash('sha256').update('session-chat').digest('hex')}`);
  });
});
