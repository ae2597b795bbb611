import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// In a child process of its own: the setting changes the whole process.
const entry = fileURLToPath(new URL('../../server/gc-tuning.ts', import.meta.url));

test('tuneGarbageCollector() applies its V8 setting once: true the first time, false after', async () => {
  const script = `import(${JSON.stringify(entry)}).then((m) => console.log(JSON.stringify([m.GC_TUNING_FLAG, m.tuneGarbageCollector(), m.tuneGarbageCollector()])))`;
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile(process.execPath, ['--import', 'tsx', '-e', script], { timeout: 20_000 }, (error, out, err) => (error ? reject(new Error(`${error.message}\n${err}`)) : resolve(out)));
  });
  assert.deepEqual(JSON.parse(stdout), ['--no-allocation-site-pretenuring', true, false]);
});
