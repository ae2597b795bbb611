/**
 * What a reaction may be: exactly one emoji, an RGI emoji sequence (Unicode's "recommended for
 * general interchange" set: single emoji, skin tones, ZWJ sequences, flags, keycaps, tags).
 * Text, links, controls, bidi overrides and several emoji are not reactions.
 */

/**
 * `^\p{RGI_Emoji}$` needs the `v` flag (ES2024). It is built with the RegExp constructor since
 * the compile target is ES2022, lazily, so that an engine without the flag fails closed (no
 * reaction accepted) instead of failing to load the protocol module.
 */
let rgiEmoji: RegExp | null | undefined;

function rgiPattern(): RegExp | null {
  if (rgiEmoji !== undefined) return rgiEmoji;
  try {
    rgiEmoji = new RegExp('^\\p{RGI_Emoji}$', 'v');
  } catch {
    rgiEmoji = null;
  }
  return rgiEmoji;
}

/** U+FE0F VARIATION SELECTOR-16, "show as emoji". */
const VS16 = '\ufe0f';

/**
 * Whether `value` is exactly one emoji. An RGI sequence passes; so does an RGI emoji written
 * with a redundant VS16 after a character that is already shown as emoji (`😐\uFE0F`), which
 * is how emoji data sets, and so emoji pickers, write about 150 of them. Never two VS16 in a
 * row, never one first.
 */
export function isReactionEmoji(value: string): boolean {
  const pattern = rgiPattern();
  if (pattern === null || value.length === 0) return false;
  if (pattern.test(value)) return true;
  if (!value.includes(VS16) || value.startsWith(VS16) || value.includes(VS16 + VS16)) return false;
  return pattern.test(value.replaceAll(VS16, ''));
}
