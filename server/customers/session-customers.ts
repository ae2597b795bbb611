import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sessionKey } from '../storage/session-key.js';

/** What binding a customer reference to a session gave. */
export interface CustomerBinding {
  /** The session's customer reference: the first one bound, whatever was asked for later. */
  customer: string;
  /** True when another reference had been bound first (the one asked for was ignored). */
  conflict: boolean;
}

/**
 * The customer reference of each session (the `customer` claim of the first token of the session
 * that carries one), one small file per session under `${dataDir}/customers/<sha256 of the
 * session id>.json`, so that it survives restarts and is shared by relay processes on one
 * folder. The first reference wins: the file is created with `link()`, which fails when it
 * exists, so two processes binding at once agree on one, and no reader sees half a file.
 */
export class SessionCustomers {
  private readonly root: string;
  /** Bound references read or written by this process (a binding never changes). */
  private readonly known = new Map<string, string>();

  constructor(dataDir: string) {
    this.root = join(dataDir, 'customers');
  }

  /** The session's customer reference, or `undefined` when no token carried one yet. */
  async of(sessionId: string): Promise<string | undefined> {
    const cached = this.known.get(sessionId);
    if (cached !== undefined) return cached;
    const text = await readFile(this.pathOf(sessionId), 'utf8').catch(() => undefined);
    if (text === undefined) return undefined;
    try {
      const { customer } = JSON.parse(text) as { customer?: unknown };
      if (typeof customer !== 'string') return undefined;
      this.known.set(sessionId, customer);
      return customer;
    } catch {
      return undefined;
    }
  }

  /** Binds `customer` to the session unless one is bound already (then that one stays). */
  async bind(sessionId: string, customer: string): Promise<CustomerBinding> {
    const bound = await this.of(sessionId);
    if (bound !== undefined) return { customer: bound, conflict: bound !== customer };
    await mkdir(this.root, { recursive: true });
    const path = this.pathOf(sessionId);
    const temp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    await writeFile(temp, `${JSON.stringify({ sessionId, customer, at: new Date().toISOString() })}\n`, 'utf8');
    try {
      await link(temp, path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      await unlink(temp).catch(() => undefined);
    }
    const winner = (await this.of(sessionId)) ?? customer;
    return { customer: winner, conflict: winner !== customer };
  }

  private pathOf(sessionId: string): string {
    return join(this.root, `${sessionKey(sessionId)}.json`);
  }
}
