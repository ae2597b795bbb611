/** A run of plain text or a link, in the order they appear in a message. */
export type TextPart = { type: 'text'; text: string } | { type: 'link'; text: string; href: string };

/** The only schemes that ever become links. Everything else (javascript:, data:, …) stays text. */
const SAFE_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

/** Candidate links: an http(s) or mailto scheme, then anything up to whitespace or a bracket that ends text. */
const CANDIDATE = /\b(?:https?:\/\/|mailto:)[^\s<>"]+/gi;

/** Punctuation that usually ends the sentence around a link rather than the link itself. */
const TRAILING = /[.,;:!?'"*_\]}>]+$/;

function trimTrailing(candidate: string): string {
  let link = candidate.replace(TRAILING, '');
  // Keep a closing parenthesis only when the link opened one: "(see https://x.y/a_(b))".
  while (link.endsWith(')') && count(link, '(') < count(link, ')')) {
    link = link.slice(0, -1).replace(TRAILING, '');
  }
  return link;
}

function count(text: string, char: string): number {
  let n = 0;
  for (const c of text) if (c === char) n++;
  return n;
}

/** The canonical href of a candidate, or null when it is not a safe, well-formed link. */
function safeHref(candidate: string): string | null {
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return null;
  }
  if (!SAFE_PROTOCOLS.has(url.protocol)) return null;
  if (url.protocol === 'mailto:') return /^[^@\s]+@[^@\s]+$/.test(decodeURIComponent(url.pathname)) ? url.href : null;
  return url.hostname ? url.href : null;
}

/**
 * Splits message text into text and link parts. Pure; the caller renders each part with
 * Lit bindings (text as text, links as `<a>` with a safe `href`), so no markup from the
 * message is ever parsed. Only `http:`, `https:` and `mailto:` links are recognised.
 */
export function linkify(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of text.matchAll(CANDIDATE)) {
    const start = match.index;
    const candidate = trimTrailing(match[0]);
    const href = safeHref(candidate);
    if (href === null) continue;
    if (start > last) parts.push({ type: 'text', text: text.slice(last, start) });
    parts.push({ type: 'link', text: candidate, href });
    last = start + candidate.length;
  }
  if (last < text.length) parts.push({ type: 'text', text: text.slice(last) });
  return parts;
}
