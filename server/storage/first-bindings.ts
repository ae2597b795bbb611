import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sessionKey } from './session-key.js';

/** What binding a value to a session gave. */
export interface Binding {
  /** The session's value: the first one bound, whatever was asked for later. */
  value: string;
  /** True when another value had been bound first (the one asked for was ignored). */
  conflict: boolean;
}

/**
 * One fact per session that the first token carrying it decides (the customer reference, the
 * session's language): one small file per session under `${dataDir}/<folder>/<sha256 of the
 * session id>.json`, so that it survives restarts and is shared by relay processes on one
 * folder. The first value wins: the file is created with `link()`, which fails when it exists,
 * so two processes binding at once agree on one, and no reader sees half a file.
 */
export class FirstBindings {
  private readonly root: string;
  /** Values read or written by this process (a binding never changes). */
  private readonly known = new Map<string, string>();

  /** `field` names the value in the file (`customer`, `lang`). */
  constructor(
    dataDir: string,
    folder: string,
    private readonly field: string,
  ) {
    this.root = join(dataDir, folder);
  }

  /** The session's value, or `undefined` when no token carried one yet. */
  async of(sessionId: string): Promise<string | undefined> {
    const cached = this.known.get(sessionId);
    if (cached !== undefined) return cached;
    const text = await readFile(this.pathOf(sessionId), 'utf8').catch(() => undefined);
    if (text === undefined) return undefined;
    try {
      const value = (JSON.parse(text) as Record<string, unknown>)[this.field];
      if (typeof value !== 'string') return undefined;
      this.known.set(sessionId, value);
      return value;
    } catch {
      return undefined;
    }
  }

  /** Binds `value` to the session unless one is bound already (then that one stays). */
  async bind(sessionId: string, value: string): Promise<Binding> {
    const bound = await this.of(sessionId);
    if (bound !== undefined) return { value: bound, conflict: bound !== value };
    await mkdir(this.root, { recursive: true });
    const path = this.pathOf(sessionId);
    const temp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    await writeFile(temp, `${JSON.stringify({ sessionId, [this.field]: value, at: new Date().toISOString() })}\n`, 'utf8');
    try {
      await link(temp, path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      await unlink(temp).catch(() => undefined);
    }
    const winner = (await this.of(sessionId)) ?? value;
    return { value: winner, conflict: winner !== value };
  }

  private pathOf(sessionId: string): string {
    return join(this.root, `${sessionKey(sessionId)}.json`);
  }
}
