/**
 * A FileEventLog in its own process, for crash tests of the shared journal:
 * `node --import tsx journal-writer-process.ts DATA_DIR SESSIONS` (RELAY_FSYNC=1 for fsync).
 * Appends to every session without pause (a short write-back interval, so that write-backs,
 * releases and reopens keep racing the appends) and prints `ACK <session> <seq>` once an
 * append resolved. The parent kills it with SIGKILL at some moment and checks the files.
 */
import { pino } from 'pino';
import { FileEventLog } from '../../../server/index.js';

const dataDir = process.argv[2]!;
const sessions = Number(process.argv[3] ?? 4);
const log = new FileEventLog({ dataDir, fsync: process.env.RELAY_FSYNC === '1', writeBackMs: 2, logger: pino({ level: 'silent' }) });
const ids = Array.from({ length: sessions }, (_, i) => `w-${i}`);
const next = new Map<string, number>();
for (const id of ids) next.set(id, (await log.open(id)).events.length + 1);
process.stdout.write('READY\n');

let round = 0;
for (;;) {
  round++;
  const work: Promise<void>[] = [];
  for (const [i, id] of ids.entries()) {
    const seq = next.get(id)!;
    const count = 1 + ((round + i) % 3);
    next.set(id, seq + count);
    const events = Array.from({ length: count }, (_, k) => ({
      seq: seq + k,
      id: `${id}-${seq + k}`,
      type: 'message.sent' as const,
      from: 'alice',
      at: 1_700_000_000_000,
      clientId: `c-${seq + k}`,
      text: `${id} ${seq + k}`,
    }));
    work.push(log.append(id, events).then(() => void process.stdout.write(`ACK ${id} ${seq + count - 1}\n`)));
    // Now and then a session is released and reopened at once, its last appends still in flight.
    if ((round + i) % 7 === 0) {
      work.push(
        log.release(id).then(async () => {
          const loaded = await log.open(id);
          if (loaded.events.length !== seq + count - 1) throw new Error(`${id}: reopened with ${loaded.events.length} events, expected ${seq + count - 1}`);
        }),
      );
    }
  }
  await Promise.all(work);
  if (round % 5 === 0) await new Promise((resolve) => setImmediate(resolve));
}
