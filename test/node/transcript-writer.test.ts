import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { SessionEvent } from '../../src/protocol/index.js';
import { writeTranscripts } from '../../server/transcripts/transcript-writer.js';

const T0 = Date.UTC(2026, 10, 24, 9, 0, 0);
const tom = { id: 't', name: 'Tom', role: 'technician' as const };
const ann = { id: 'a', name: 'Ann <script>', role: 'customer' as const };
const rtl = { id: 'r', name: 'سارة', role: 'customer' as const };

function log(): SessionEvent[] {
  const rows: Record<string, unknown>[] = [
    { type: 'participant.joined', from: 't', participant: tom },
    { type: 'participant.joined', from: 'a', participant: ann },
    { type: 'participant.joined', from: 'r', participant: rtl },
    { type: 'message.sent', from: 't', text: 'Hello, how can I help?', id: 'm1' },
    { type: 'message.sent', from: 'a', text: 'My printer\nprints <b>blank</b> pages & "smudges"', id: 'm2' },
    { type: 'message.sent', from: 'a', text: 'teh driver', id: 'm3' },
    { type: 'message.edited', from: 'a', target: 'm3', text: 'the driver', notify: true },
    { type: 'message.sent', from: 'a', text: 'password: hunter2', id: 'm4' },
    { type: 'message.deleted', from: 't', target: 'm4' },
    { type: 'file.shared', from: 'a', id: 'm5', file: { id: 'f1', name: 'print-log.txt', size: 2048, type: 'text/plain' }, caption: 'the log' },
    { type: 'file.shared', from: 'a', id: 'm6', file: { id: 'f2', name: 'shot.png', size: 12, type: 'image/png', thumbnail: 'data:image/webp;base64,AAAA' } },
    { type: 'message.deleted', from: 'a', target: 'm6' },
    { type: 'reaction.added', from: 't', target: 'm5', emoji: '👍' },
    { type: 'message.sent', from: 'r', text: 'مرحبا بالعالم', id: 'm7', replyTo: 'm1' },
    { type: 'message.sent', from: 'a', text: 'evil\u001b[2Jclear\rline', id: 'm8' },
    { type: 'session.ended', from: 't' },
  ];
  return rows.map((row, i) => ({ seq: i + 1, id: `e${i + 1}`, at: T0 + i * 61_000, ...row }) as unknown as SessionEvent);
}

const input = { sessionId: 'S-1042', events: log(), fileChecksums: { f1: 'ab'.repeat(32), f2: 'cd'.repeat(32) } };

describe('writeTranscripts', () => {
  const files = writeTranscripts(input);

  test('is deterministic: the same log gives byte-identical files', () => {
    const again = writeTranscripts({ ...input, events: log() });
    assert.equal(again.txt, files.txt);
    assert.equal(again.json, files.json);
    assert.equal(again.html, files.html);
  });

  test('plain text has the header, one line per message and indented continuation lines', () => {
    const lines = files.txt.split('\n');
    assert.equal(lines[0], 'Session transcript');
    assert.match(files.txt, /^Session: +\u2068S-1042\u2069$/m);
    assert.match(files.txt, /^Started: +2026-11-24 09:00:00 \+00:00$/m);
    assert.match(files.txt, /^Ended: +2026-11-24 09:15:15 \+00:00 by \u2068Tom\u2069 \(technician\)$/m);
    assert.ok(lines.includes('    \u2068Ann <script>\u2069 (customer)'));
    assert.ok(lines.includes('[2026-11-24 09:03:03 +00:00] \u2068Tom\u2069 (technician): \u2068Hello, how can I help?\u2069'));
    assert.ok(lines.includes('[2026-11-24 09:04:04 +00:00] \u2068Ann <script>\u2069 (customer): \u2068My printer'));
    assert.ok(lines.includes('    prints <b>blank</b> pages & "smudges"\u2069'));
  });

  test('plain text shows final edited text, deletions, files and reactions', () => {
    assert.match(files.txt, /\u2068the driver\u2069 \(edited\)$/m);
    assert.ok(!files.txt.includes('teh driver'));
    assert.match(files.txt, /\[message deleted by \u2068Tom\u2069 \(technician\)\]$/m);
    assert.ok(!files.txt.includes('hunter2'));
    assert.match(files.txt, /\[file \u2068print-log\.txt\u2069, 2\.0 KB\] \u2068the log\u2069$/m);
    assert.match(files.txt, /\[file \u2068shot\.png\u2069, 12 B, removed\]/);
    assert.match(files.txt, /^ {4}reactions: 👍 \u2068Tom\u2069 \(technician\)$/m);
    assert.match(files.txt, /-- session ended by \u2068Tom\u2069 \(technician\)$/m);
  });

  test('plain text isolates right-to-left text and neutralises control characters', () => {
    assert.match(files.txt, /\u2068سارة\u2069 \(customer\): \(reply to \u2068Tom\u2069 \(technician\): \u2068Hello, how can I help\?\u2069\)/);
    assert.ok(files.txt.includes('    \u2068مرحبا بالعالم\u2069'));
    assert.ok(!files.txt.includes('\u001b'));
    assert.ok(!files.txt.includes('\r'));
    assert.ok(files.txt.includes('evil\uFFFD[2Jclear'));
  });

  test('JSON keeps every event, edit history, reactions and checksums, and redacts deleted texts', () => {
    const doc = JSON.parse(files.json);
    assert.equal(doc.format, 'session-chat-transcript');
    assert.equal(doc.events.length, input.events.length);
    assert.equal(doc.startedAt, '2026-11-24T09:00:00.000+00:00');
    const edited = doc.messages.find((m: { id: string }) => m.id === 'm3');
    assert.deepEqual(edited.edited.history, [{ at: '2026-11-24T09:05:05.000+00:00', text: 'teh driver' }]);
    assert.equal(edited.text, 'the driver');
    const file = doc.messages.find((m: { id: string }) => m.id === 'm5').file;
    assert.deepEqual(file, { id: 'f1', name: 'print-log.txt', size: 2048, type: 'text/plain', removed: false, sha256: 'ab'.repeat(32) });
    assert.deepEqual(doc.messages.find((m: { id: string }) => m.id === 'm5').reactions, [{ emoji: '👍', by: [tom] }]);
    assert.ok(!files.json.includes('hunter2'));
    assert.ok(!files.json.includes('data:image/webp'));
    assert.equal(doc.endedBy.id, 't');
  });

  test('HTML escapes every user string, has no script and keeps right-to-left text', () => {
    assert.ok(!/<script/i.test(files.html));
    assert.ok(files.html.includes('Ann &lt;script&gt;'));
    assert.ok(files.html.includes('prints &lt;b&gt;blank&lt;/b&gt; pages &amp; &quot;smudges&quot;'));
    assert.ok(!files.html.includes('<b>blank'));
    assert.ok(files.html.includes('<bdi>سارة</bdi>'));
    assert.ok(files.html.includes("content=\"default-src 'none'; style-src 'unsafe-inline'\""));
    assert.ok(!files.html.includes('hunter2'));
    assert.match(files.html, /Message deleted by <bdi>Tom<\/bdi> \(technician\)/);
  });

  test('an empty log still gives valid files', () => {
    const empty = writeTranscripts({ sessionId: 'empty', events: [] });
    assert.match(empty.txt, /Participants:\n {4}\(none\)/);
    assert.equal(JSON.parse(empty.json).messages.length, 0);
    assert.match(empty.html, /<ol>\n\n<\/ol>/);
  });
});
