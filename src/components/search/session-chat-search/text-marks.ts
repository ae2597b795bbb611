import { html } from 'lit';
import type { MatchRange } from '../../shared/events/chat-search-change.js';

/**
 * Renders `text` (the piece of a longer string that starts at `base`) with the `ranges` that
 * fall in it wrapped in `<mark>`: text parts and elements only, never parsed markup. The range
 * numbered `current` (counting from `indexBase`) is the current match.
 */
export function markText(text: string, ranges: readonly MatchRange[] | undefined, current = -1, base = 0, indexBase = 0): unknown {
  if (!ranges?.length) return text;
  const out: unknown[] = [];
  let at = 0;
  ranges.forEach(([from, to], i) => {
    const start = Math.max(from - base, at);
    const end = Math.min(to - base, text.length);
    if (end <= start) return;
    if (start > at) out.push(text.slice(at, start));
    out.push(
      indexBase + i === current
        ? html`<mark part="match current-match" class="current">${text.slice(start, end)}</mark>`
        : html`<mark part="match">${text.slice(start, end)}</mark>`,
    );
    at = end;
  });
  if (at < text.length) out.push(text.slice(at));
  return out;
}
