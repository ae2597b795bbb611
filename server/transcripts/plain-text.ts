import { formatBytes, formatUtc } from './time-format.js';
import type { ChatTransfer } from '../../src/protocol/index.js';
import type { TranscriptModel } from './transcript-model.js';
import { transcriptTerm, type TranscriptTermKey } from './transcript-strings.js';

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
  return `${isolate(clean(p.name))} (${transcriptTerm(model.lang, p.role)})`;
}

/** A label of the header, padded so the values line up. */
function label(model: TranscriptModel, key: TranscriptTermKey): string {
  return `${transcriptTerm(model.lang, key)}:`.padEnd(14);
}

const INDENT = '    ';

/** The plain-text transcript: reads well in any editor, one line per message, multi-line text indented. */
export function writePlainText(model: TranscriptModel): string {
  const { state } = model;
  const t = (key: TranscriptTermKey, params?: Record<string, string>) => transcriptTerm(model.lang, key, params);
  const lines: string[] = [];
  lines.push(t('heading'));
  lines.push(`${label(model, 'session')}${isolate(clean(model.sessionId))}`);
  lines.push(`${label(model, 'started')}${model.startedAt === null ? '-' : formatUtc(model.startedAt)}`);
  lines.push(`${label(model, 'ended')}${state.ended ? t('endedBy', { time: formatUtc(state.ended.at), who: who(model, state.ended.by) }) : '-'}`);
  lines.push(`${t('participants')}:`);
  if (state.participants.length === 0) lines.push(`${INDENT}${t('none')}`);
  for (const p of state.participants) lines.push(`${INDENT}${who(model, p.id)}`);
  lines.push('');

  for (const event of model.events) {
    const stamp = `[${formatUtc(event.at)}]`;
    switch (event.type) {
      case 'participant.joined':
        lines.push(`${stamp} -- ${t('joined', { who: who(model, event.participant.id) })}`);
        break;
      case 'participant.left':
        lines.push(`${stamp} -- ${t('left', { who: who(model, event.from) })}`);
        break;
      case 'session.ended':
        if (state.ended?.at === event.at && state.ended.by === event.from) lines.push(`${stamp} -- ${t('sessionEndedBy', { who: who(model, event.from) })}`);
        break;
      case 'message.sent':
      case 'file.shared':
      case 'transfer.offered': {
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
  const t = (key: TranscriptTermKey, params?: Record<string, string>) => transcriptTerm(model.lang, key, params);
  const head = `${stamp} ${who(model, m.from)}:`;
  const out: string[] = [];
  if (m.replyTo) {
    const target = model.message(m.replyTo);
    const quoted = !target ? t('unknownMessage') : target.deleted ? t('deletedMessage') : excerpt(target.text || target.file?.name || '');
    out.push(`${head} (${t('replyTo', { who: target ? who(model, target.from) : '?' })}: ${isolate(quoted)})`);
  }
  let body: string;
  if (m.deleted) {
    body = `[${t('messageDeletedBy', { who: who(model, m.deleted.by) })}]`;
    if (m.file) body += ` [${t('file')} ${isolate(clean(m.file.name))}, ${formatBytes(m.file.size)}, ${t('removed')}]`;
  } else {
    const text = m.text ? isolate(clean(m.text)) : '';
    const file = m.file
      ? `[${t('file')} ${isolate(clean(m.file.name))}, ${formatBytes(m.file.size)}${m.file.removed ? `, ${t('removed')}` : ''}]`
      : '';
    const transfer = m.transfer ? `[${t('liveTransfer')} ${isolate(clean(m.transfer.name))}, ${formatBytes(m.transfer.size)}]` : '';
    body = [file, transfer, text].filter(Boolean).join(' ');
    if (m.edited) body += ` (${t('edited')})`;
  }
  const [first, ...rest] = body.split('\n');
  if (out.length) out.push(`${INDENT}${first}`);
  else out.push(`${head} ${first}`);
  for (const line of rest) out.push(`${INDENT}${line}`);
  if (m.transfer && !m.deleted) out.push(...transferLines(model, m.transfer));
  if (m.reactions.length) {
    out.push(`${INDENT}${t('reactions')}: ${m.reactions.map((r) => `${r.emoji} ${r.by.map((id) => who(model, id)).join(', ')}`).join('; ')}`);
  }
  return out;
}

/** A live transfer's receivers, each with how it ended for them, and the checked SHA-256. */
function transferLines(model: TranscriptModel, transfer: ChatTransfer): string[] {
  const lines = transfer.to.map((id) => {
    const outcome = transfer.ended?.receivers.find((r) => r.id === id)?.outcome ?? 'unfinished';
    return `${INDENT}${transcriptTerm(model.lang, 'receivedBy', { who: who(model, id), outcome: transcriptTerm(model.lang, `outcome.${outcome}`) })}`;
  });
  if (transfer.ended?.sha256) lines.push(`${INDENT}SHA-256: ${transfer.ended.sha256}`);
  return lines;
}

function excerpt(text: string): string {
  const line = clean(text).split('\n')[0] ?? '';
  return line.length > 60 ? `${line.slice(0, 59)}…` : line;
}
