import type { MatchRange } from '../../shared/events/chat-search-change.js';

/** Diacritics left by NFD: "é" becomes "e" + U+0301. */
const COMBINING_MARKS = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/g;

/** How search compares text: decomposed (NFD), without diacritics, lower case. */
export function foldForSearch(text: string): string {
  return text.normalize('NFD').replace(COMBINING_MARKS, '').toLowerCase();
}

/** A folded text and, for each of its UTF-16 units, the range of the original it came from. */
export interface FoldedText {
  folded: string;
  starts: number[];
  ends: number[];
}

/**
 * Folds `text` one code point at a time, remembering where each folded unit came from, so that
 * a match in the folded text maps back to the original (whose length may differ: "é" may be one
 * unit or two, "İ" lower-cases to two). Marks dropped by folding stay with the letter before them.
 */
export function foldWithMap(text: string): FoldedText {
  let folded = '';
  const starts: number[] = [];
  const ends: number[] = [];
  let index = 0;
  for (const char of text) {
    const piece = foldForSearch(char);
    const end = index + char.length;
    if (piece === '' && ends.length > 0) ends[ends.length - 1] = end;
    for (let i = 0; i < piece.length; i++) {
      starts.push(index);
      ends.push(end);
    }
    folded += piece;
    index = end;
  }
  return { folded, starts, ends };
}

/** Non-overlapping matches of an already folded `query` in `text`, in original units, in order. */
export function findMatches(text: string, query: string, folded: FoldedText = foldWithMap(text)): MatchRange[] {
  const ranges: MatchRange[] = [];
  if (!query) return ranges;
  let from = 0;
  for (;;) {
    const at = folded.folded.indexOf(query, from);
    if (at < 0) return ranges;
    ranges.push([folded.starts[at]!, folded.ends[at + query.length - 1]!]);
    from = at + query.length;
  }
}
