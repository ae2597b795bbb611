import { formatBytes, formatUtc, isoUtc } from './time-format.js';
import type { TranscriptModel } from './transcript-model.js';
import { transcriptDirection, transcriptTerm, type TranscriptTermKey } from './transcript-strings.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '\uFFFD');
}

const STYLE = `
body{font:15px/1.5 system-ui,sans-serif;margin:0 auto;max-width:48rem;padding:1.5rem;color:#1b1b1f;background:#fff}
h1{font-size:1.4rem;margin:0 0 .5rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:0 0 1.5rem}
dt{font-weight:600}dd{margin:0}
ol{list-style:none;padding:0;margin:0}
li{padding:.5rem 0;border-top:1px solid #e3e3e8}
.meta{color:#5b5b66;font-size:.85rem}
.text{white-space:pre-wrap;overflow-wrap:anywhere;margin:.2rem 0 0}
.system{color:#5b5b66;font-style:italic}
.deleted{color:#5b5b66;font-style:italic}
.file{font-family:ui-monospace,monospace}
.quote{border-inline-start:3px solid #c9c9d1;padding-inline-start:.5rem;color:#5b5b66;margin:.2rem 0}
.reactions{font-size:.85rem;color:#5b5b66}
@media (prefers-color-scheme:dark){body{background:#17171b;color:#e9e9ee}li{border-color:#33333b}.meta,.system,.deleted,.quote,.reactions{color:#a3a3ad}}
`;

/** The first letter in upper case (the English and German sentence that opens a line). */
function capitalise(text: string): string {
  return text.charAt(0).toLocaleUpperCase() + text.slice(1);
}

/** The transcript for people: one self-contained page, no scripts, every user string escaped. */
export function writeHtml(model: TranscriptModel): string {
  const { state } = model;
  const t = (key: TranscriptTermKey, params?: Record<string, string>) => transcriptTerm(model.lang, key, params);
  const who = (id: string): string => {
    const p = model.participant(id);
    return `<bdi>${escapeHtml(p.name)}</bdi> (${t(p.role)})`;
  };
  const time = (ms: number): string => `<time datetime="${isoUtc(ms)}">${formatUtc(ms)}</time>`;
  const items: string[] = [];
  for (const event of model.events) {
    if (event.type === 'participant.joined') items.push(`<li class="system">${time(event.at)} — ${t('joined', { who: who(event.participant.id) })}</li>`);
    else if (event.type === 'participant.left') items.push(`<li class="system">${time(event.at)} — ${t('left', { who: who(event.from) })}</li>`);
    else if (event.type === 'session.ended' && state.ended?.at === event.at && state.ended.by === event.from) {
      items.push(`<li class="system">${time(event.at)} — ${t('sessionEndedBy', { who: who(event.from) })}</li>`);
    } else if (event.type === 'message.sent' || event.type === 'file.shared' || event.type === 'transfer.offered') {
      const m = model.message(event.id);
      if (!m) continue;
      const parts = [`<div class="meta">${time(m.at)} · ${who(m.from)}${m.edited && !m.deleted ? ` · ${t('edited')}` : ''}</div>`];
      if (m.replyTo) {
        const target = model.message(m.replyTo);
        const quoted = !target ? t('unknownMessage') : target.deleted ? t('deletedMessage') : (target.text || target.file?.name || '').split('\n')[0]!;
        parts.push(`<div class="quote" dir="auto">${target ? who(target.from) : ''}: ${escapeHtml(quoted.slice(0, 120))}</div>`);
      }
      if (m.deleted) {
        parts.push(`<p class="deleted">${capitalise(t('messageDeletedBy', { who: who(m.deleted.by) }))}</p>`);
      } else {
        if (m.file) {
          parts.push(
            `<p class="file">${escapeHtml(m.file.name)} · ${formatBytes(m.file.size)}${m.file.removed ? ` · ${t('removed')}` : ''}</p>`,
          );
        }
        if (m.transfer) {
          const { name, size, to, ended } = m.transfer;
          const outcomes = to.map((id) => t('receivedBy', { who: who(id), outcome: t(`outcome.${ended?.receivers.find((r) => r.id === id)?.outcome ?? 'unfinished'}`) }));
          parts.push(`<p class="file">${t('liveTransfer')} <bdi>${escapeHtml(name)}</bdi> · ${formatBytes(size)}</p><p class="reactions">${outcomes.join(' · ')}${ended?.sha256 ? ` · SHA-256 ${ended.sha256}` : ''}</p>`);
        }
        if (m.text) parts.push(`<p class="text" dir="auto">${escapeHtml(m.text)}</p>`);
        if (m.reactions.length) {
          parts.push(`<p class="reactions">${m.reactions.map((r) => `${escapeHtml(r.emoji)} ${r.by.map(who).join(', ')}`).join(' · ')}</p>`);
        }
      }
      items.push(`<li>${parts.join('')}</li>`);
    }
  }
  const participants = state.participants.map((p) => `${who(p.id)}`).join(', ') || '—';
  return `<!doctype html>
<html lang="${model.lang}" dir="${transcriptDirection(model.lang)}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${t('htmlTitle', { id: escapeHtml(model.sessionId) })}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${t('htmlTitle', { id: `<bdi>${escapeHtml(model.sessionId)}</bdi>` })}</h1>
<dl>
<dt>${t('started')}</dt><dd>${model.startedAt === null ? '—' : time(model.startedAt)}</dd>
<dt>${t('ended')}</dt><dd>${state.ended ? t('endedBy', { time: time(state.ended.at), who: who(state.ended.by) }) : '—'}</dd>
<dt>${t('participants')}</dt><dd>${participants}</dd>
</dl>
<ol>
${items.join('\n')}
</ol>
</body>
</html>
`;
}
