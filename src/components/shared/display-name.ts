/**
 * Characters that change how a name reads without being seen: bidirectional embeddings,
 * overrides, isolates and marks (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C), zero
 * widths, word joiners and invisible operators (U+200B–U+200D, U+2060–U+2064), the BOM (U+FEFF),
 * the soft hyphen, the Mongolian vowel separator, interlinear annotations, tag characters —
 * everything of the Unicode category Cf (format) — plus Hangul fillers (U+115F, U+1160, U+3164,
 * U+FFA0) and the Braille blank (U+2800), which are letters that draw nothing.
 * A zero-width joiner between two pictographs stays: it is how one emoji is built from several.
 */
const INVISIBLE = /(?!(?<=\p{Extended_Pictographic}[\uFE0F\u{1F3FB}-\u{1F3FF}]?)\u200D(?=\p{Extended_Pictographic}))[\p{Cf}\u115F\u1160\u3164\uFFA0\u2800]/gu;
/** Control characters and line or paragraph separators: shown as one space. */
const BREAKS = /[\p{Cc}\u2028\u2029]+/gu;

/**
 * A name (a shared file's, an upload's) as the widget shows it anywhere: on the file card, in the
 * uploads list, as the preview's title, as the download name, in search marks, notifications and
 * accessible names. An override inside `invoice\u202Etxt.exe` would show "invoiceexe.txt" even in
 * an isolated element; without its invisible characters the name reads as it is
 * ("invoicetxt.exe"). A name that is nothing but such characters shows as "_".
 */
export function displayName(name: string): string {
  const shown = name.replace(INVISIBLE, '').replace(BREAKS, ' ');
  return shown === '' && name !== '' ? '_' : shown;
}
