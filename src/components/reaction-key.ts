/** One pictograph with its optional presentation selector and skin tone. */
const PICTOGRAPH = String.raw`\p{Extended_Pictographic}[\uFE0E\uFE0F]?[\u{1F3FB}-\u{1F3FF}]?`;
/**
 * One emoji: a flag (two regional indicators, or a black flag with tag characters), a keycap,
 * or pictographs joined by zero-width joiners. Nothing else, so no text, no control or
 * direction character and no run of several emoji passes.
 */
const ONE_EMOJI = new RegExp(
  String.raw`^(?:[\u{1F1E6}-\u{1F1FF}]{2}|[0-9#*]\uFE0F?\u20E3|${PICTOGRAPH}(?:[\u{E0020}-\u{E007E}]+\u{E007F})?(?:\u200D${PICTOGRAPH})*)$`,
  'u',
);
/** Longer than any emoji in use (a family with skin tones is 15 UTF-16 units, a tag flag 14). */
const MAX_LENGTH = 32;

/**
 * Whether a reaction key is one emoji, and so may be shown. The relay refuses any other key;
 * the widget checks again and skips one that is not (another relay, an old log).
 */
export function isSingleEmoji(key: string): boolean {
  return key.length <= MAX_LENGTH && ONE_EMOJI.test(key);
}
