import { formatBytes, formatUtc } from './time-format.js';
import type { TranscriptModel } from './transcript-model.js';

const FSI = '\u2068';
const PDI = '\u2069';

/**
 * User text made safe for a text file: control characters (terminal escapes, carriage returns,
 * stray bidi controls' effect) cannot rewrite the line, and right-to-left runs are isolated
 * (U+2068…U+2069) so they cannot reorder the time and author around them.
 */
function clean(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '\uFFFD');
}

function isolate(text: string): string {
  return `${FSI}${text}${PDI}`;
}

function who(model: TranscriptModel, id: string): string {
  const p = model.participant(id);
  return `${isolate(clean(p.name))} (${p.role})`;
}

const INDENT = '    ';

/** The plain-text transcript: reads well in any editor, one line per message, multi-line text indented. */
export function writePlainText(model: TranscriptModel): string {
  const { state } = model;
  const lines: string[] = [];
  lines.push('Session transcript');
  lines.push(`Session:      ${isolate(clean(model.sessionId))}`);
  lines.push(`Started:      ${model.startedAt === null ? '-' : formatUtc(model.startedAt)}`);
  lines.push(`Ended:        ${state.ended ? `${formatUtc(state.ended.at)} by ${who(model, state.ended.by)}` : '-'}`);
  lines.push('Participants:');
  if (state.participants.length === 0) lines.push(`${INDENT}(none)`);
  for (const p of state.participants) lines.push(`${INDENT}${isolate(clean(p.name))} (${p.role})`);
  lines.push('');

  for (const event of model.events) {
    const stamp = `[${formatUtc(event.at)}]`;
    switch (event.type) {
      case 'participant.joined':
        lines.push(`${stamp} -- ${who(model, event.participant.id)} joined`);
        break;
      case 'participant.left':
        lines.push(`${stamp} -- ${who(model, event.from)} left`);
        break;
      case 'session.ended':
        if (state.ended?.at === event.at && state.ended.by === event.from) lines.push(`${stamp} -- session ended by ${who(model, event.from)}`);
        break;
      case 'message.sent':
      case 'file.shared': {
        const message = model.message(event.id);
        if (!message) break;
        lines.push(...messageLines(model, stamp, message.id));
        break;
      }
      default:
        // Edits, deletes and reactions are folded into the message they target.
        break;
    }
  }
  return `${lines.join('\n')}\n`;
}

function messageLines(model: TranscriptModel, stamp: string, id: string): string[] {
  const m = model.message(id)!;
  const head = `${stamp} ${who(model, m.from)}:`;
  const out: string[] = [];
  if (m.replyTo) {
    const target = model.message(m.replyTo);
    const quoted = !target ? 'unknown message' : target.deleted ? 'deleted message' : excerpt(target.text || target.file?.name || '');
    out.push(`${head} (reply to ${target ? who(model, target.from) : '?'}: ${isolate(quoted)})`);
  }
  let body: string;
  if (m.deleted) {
    body = `[message deleted by ${who(model, m.deleted.by)}]`;
    if (m.file) body += ` [file ${isolate(clean(m.file.name))}, ${formatBytes(m.file.size)}, removed]`;
  } else {
    const text = m.text ? isolate(clean(m.text)) : '';
    const file = m.file
      ? `[file ${isolate(clean(m.file.name))}, ${formatBytes(m.file.size)}${m.file.removed ? ', removed' : ''}]`
      : '';
    body = [file, text].filter(Boolean).join(' ');
    if (m.edited) body += ' (edited)';
  }
  const [first, ...rest] = body.split('\n');
  if (out.length) out.push(`${INDENT}${first}`);
  else out.push(`${head} ${first}`);
  for (const line of rest) out.push(`${INDENT}${line}`);
  if (m.reactions.length) {
    out.push(`${INDENT}reactions: ${m.reactions.map((r) => `${r.emoji} ${r.by.map((id) => who(model, id)).join(', ')}`).join('; ')}`);
  }
  return out;
}

function excerpt(text: string): string {
  const line = clean(text).split('\n')[0] ?? '';
  return line.length > 60 ? `${line.slice(0, 59)}…` : line;
}
