import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A WebM (VP8 video, Opus audio) of about `megabytes` MB made with ffmpeg's test sources, for
 * the preview benchmark's video row; `null` when ffmpeg is not installed (the row is then left
 * out and the benchmark says why). 2 Mbit/s of noise-like test pattern, so the size follows the
 * length: 5 MB is about 20 s.
 */
export function makeClip(megabytes: number): Buffer | null {
  const seconds = Math.max(1, Math.round((megabytes * 8) / 2.1));
  const dir = mkdtempSync(join(tmpdir(), 'session-chat-bench-clip-'));
  const out = join(dir, 'clip.webm');
  try {
    execFileSync(
      'ffmpeg',
      ['-loglevel', 'error', '-f', 'lavfi', '-i', `testsrc2=size=640x360:rate=30:duration=${seconds}`, '-f', 'lavfi', '-i', `sine=frequency=440:duration=${seconds}`,
        '-c:v', 'libvpx', '-b:v', '2M', '-minrate', '2M', '-maxrate', '2M', '-deadline', 'realtime', '-cpu-used', '8', '-c:a', 'libopus', '-b:a', '96k', out],
      { stdio: 'ignore', timeout: 120_000 },
    );
    return readFileSync(out);
  } catch {
    return null;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
