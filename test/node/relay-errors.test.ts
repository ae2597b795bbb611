import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { DEFAULT_POLICY, DEFAULT_SESSION_LIMITS, type EventDraft, type SessionEvent } from '../../src/protocol/index.js';
import { IdGenerator } from '../../server/ids.js';
import { RelayError, RelayErrorCodes, type RelayErrorCode } from '../../server/relay-error.js';
import { RoomRegistry } from '../../server/room-registry.js';
import type { EventLog } from '../../server/storage/event-log.js';
import { FileEventLog } from '../../server/storage/file-event-log.js';
import { REPOSITORY_ROOT, importGraph } from './support/import-graph.js';
import { silentLogger, tempDirs } from './support/relay-harness.js';

function assertCode(code: RelayErrorCode): (error: unknown) => boolean {
  return (error) => {
    assert.ok(error instanceof RelayError, `a RelayError, got ${String(error)}`);
    assert.equal(error.code, code);
    return true;
  };
}

function registry(log: EventLog, historyEvents = 256): RoomRegistry {
  return new RoomRegistry({
    log,
    ids: new IdGenerator(),
    policy: DEFAULT_POLICY,
    leaveGraceMs: 0,
    idleUnloadMs: 60_000,
    limits: { ...DEFAULT_SESSION_LIMITS },
    historyEvents,
    logger: silentLogger,
  });
}

const joined = (id: string): EventDraft => ({ type: 'participant.joined', from: id, participant: { id, name: id, role: 'customer' } });

describe('relay errors carry codes', () => {
  const dirs = tempDirs();

  it('the event log: closed, and not open', async () => {
    const log = new FileEventLog({ dataDir: await dirs.make(), logger: silentLogger });
    await assert.rejects(log.append('never-opened', []), assertCode(RelayErrorCodes.LOG_NOT_OPEN));
    await assert.rejects(log.read('never-opened', 0), assertCode(RelayErrorCodes.LOG_NOT_OPEN));
    await log.close();
    await assert.rejects(log.open('s'), assertCode(RelayErrorCodes.LOG_CLOSED));
  });

  it('the registry while closing, and a room once unloaded', async () => {
    const log = new FileEventLog({ dataDir: await dirs.make(), logger: silentLogger });
    const rooms = registry(log);
    const room = await rooms.get('s');
    await rooms.close();
    await assert.rejects(rooms.get('s'), assertCode(RelayErrorCodes.RELAY_CLOSING));
    await assert.rejects(room.end('host', 'host'), assertCode(RelayErrorCodes.SESSION_NOT_LOADED));
    await assert.rejects(room.appendSystem(joined('a')), assertCode(RelayErrorCodes.SESSION_NOT_LOADED));
    await log.close();
  });

  it('a failed write, with the store’s error as its cause', async () => {
    const log = new FileEventLog({ dataDir: await dirs.make(), logger: silentLogger });
    const broken = new Error('disk full');
    const failing: EventLog = {
      open: (id) => log.open(id),
      append: () => Promise.reject(broken),
      release: (id) => log.release(id),
      close: () => log.close(),
    };
    const rooms = registry(failing);
    const room = await rooms.get('s');
    await assert.rejects(room.appendSystem(joined('a')), (error: unknown) => assertCode(RelayErrorCodes.APPEND_FAILED)(error) && (error as Error).cause === broken);
    await rooms.close();
    await log.close();
  });

  it('history the log no longer has', async () => {
    const log = new FileEventLog({ dataDir: await dirs.make(), logger: silentLogger });
    let forgetful = false;
    const read = (id: string, after: number): Promise<string[]> => (forgetful ? Promise.resolve([]) : log.read(id, after));
    const rooms = registry({ open: (id) => log.open(id), append: (id, e, j) => log.append(id, e, j), read, release: (id) => log.release(id), close: () => log.close() }, 1);
    const room = await rooms.get('s');
    for (const id of ['a', 'b', 'c']) await room.appendSystem(joined(id));
    assert.deepEqual((await room.readEvents()).map((e: SessionEvent) => e.seq), [1, 2, 3], 'older events are read back from the log');
    forgetful = true;
    await assert.rejects(room.readEvents(), assertCode(RelayErrorCodes.HISTORY_MISSING));
    await rooms.close();
    await log.close();
  });

  it('server/ throws no Error without a code', () => {
    const { files } = importGraph(REPOSITORY_ROOT, ['server']);
    const bare: string[] = [];
    for (const file of files) {
      const source = ts.createSourceFile(file, readFileSync(join(REPOSITORY_ROOT, file), 'utf8'), ts.ScriptTarget.Latest, true);
      const visit = (node: ts.Node): void => {
        if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && ts.isIdentifier(node.expression) && node.expression.text === 'Error') {
          bare.push(`${file}:${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1}`);
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
    assert.ok(files.includes('server/session-room.ts'));
    assert.deepEqual(bare, []);
  });

  it('server/README.md lists every internal code, and no other', () => {
    const readme = readFileSync(join(REPOSITORY_ROOT, 'server', 'README.md'), 'utf8');
    const listed = [...readme.matchAll(/`(SC_ERR_[A-Z_]+)`/g)].map((m) => m[1]);
    assert.deepEqual([...new Set(listed)].sort(), Object.values(RelayErrorCodes).sort());
  });
});
