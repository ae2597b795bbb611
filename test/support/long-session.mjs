// A long session's log, written straight through the relay's storage API (much faster than
// sending 20,000 messages over a socket), with event times spread evenly over a period.
// Plain JavaScript so that the node tests (tsx) and web-test-runner.config.mjs share it.

/** Id of the message at `seq`. */
export const eventId = (seq) => `ev${seq}`;

/**
 * The events of a session of `count` events: a technician and a customer join (seq 1 and 2),
 * then messages by turns, at times spread evenly from `start` to `end` (ms). Seq 10 is the
 * message quoted by a reply near the end (seq `count - 5`), seq 12 is edited near the end
 * (seq `count - 10`), both older than any first page.
 * @param {{ count: number, start: number, end: number }} options
 */
export function longSessionEvents({ count, start, end }) {
  const events = [];
  const step = count > 1 ? (end - start) / (count - 1) : 0;
  const at = (seq) => Math.round(start + (seq - 1) * step);
  const tech = { id: 'tech', name: 'Tina Tech', role: 'technician' };
  const customer = { id: 'cust', name: 'Carl Customer', role: 'customer' };
  for (let seq = 1; seq <= count; seq++) {
    const base = { seq, id: eventId(seq), at: at(seq) };
    if (seq <= 2) {
      const participant = seq === 1 ? tech : customer;
      events.push({ ...base, type: 'participant.joined', from: participant.id, participant });
      continue;
    }
    const from = seq % 2 === 0 ? 'tech' : 'cust';
    if (seq === count - 10) events.push({ ...base, type: 'message.edited', from: 'tech', target: eventId(12), text: 'edited long after', notify: false });
    else if (seq === count - 5) events.push({ ...base, type: 'message.sent', from, text: `answer to the first question (${seq})`, replyTo: eventId(10) });
    else events.push({ ...base, type: 'message.sent', from, text: seq === 10 ? 'the first question' : `message ${seq}` });
  }
  return events;
}

/**
 * Writes `events` as the log of `sessionId` under `dataDir` with a `FileEventLog` (pass the
 * class: the tests import it from the sources, the browser tests' config from dist/). The relay
 * must not have the session loaded.
 */
export async function writeSessionLog(FileEventLog, dataDir, sessionId, events) {
  const log = new FileEventLog({ dataDir });
  await log.open(sessionId);
  for (let i = 0; i < events.length; i += 2000) await log.append(sessionId, events.slice(i, i + 2000));
  await log.close();
}
