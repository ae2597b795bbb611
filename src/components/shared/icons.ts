import { svg, type SVGTemplateResult } from 'lit';

/**
 * The one icon set of every icon button: 24 × 24 outlines drawn with `currentColor` (so they
 * follow the theme, hover states and forced colours) and sized by the theme's icon token
 * (`--session-chat-icon-size`, the `.i` rule in theme.styles.ts). Always decorative: the
 * button around an icon carries the accessible name. Each shape is its own export, so a
 * bundle keeps only the ones it draws. The shapes here are the ones the first load draws;
 * icons-lazy.ts holds those only later parts draw (file cards, the search bar, uploads, the
 * preview dialog), so that they come with those parts and not with the first load.
 */
// Shapes are written with explicit end tags (<path …></path>), never self-closing: the build's
// template minifier treats the markup as HTML, drops the '/' of '<circle …/>', and the next
// shape then nests inside the circle and is not drawn (the search icon lost its handle).
export function icon(shape: SVGTemplateResult): SVGTemplateResult {
  return svg`<svg class="i" aria-hidden="true" focusable="false" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">${shape}</svg>`;
}

export const SEARCH = svg`<circle cx="11" cy="11" r="7"></circle><path d="m20 20-4-4"></path>`;
/** Two sliders: the settings. */
export const SETTINGS = svg`<path d="M4 7h10m4 0h2M4 17h2m4 0h10"></path><circle cx="16" cy="7" r="2"></circle><circle cx="8" cy="17" r="2"></circle>`;
export const CLOSE = svg`<path d="M6 6l12 12M18 6 6 18"></path>`;
/** Three dots: "More actions". */
export const MORE = svg`<path stroke-width="3" d="M5 12h.01M12 12h.01M19 12h.01"></path>`;
export const ATTACH = svg`<path transform="rotate(40 12 12)" d="M16 7v10a4 4 0 0 1-8 0V5a2.5 2.5 0 0 1 5 0v11a1 1 0 0 1-2 0V7"></path>`;
/** A lightning bolt: "Send directly (not stored)". */
export const SEND_DIRECT = svg`<path d="M13 2 4 14h7l-1 8 9-12h-7z"></path>`;
/** A microphone: "Record a voice message". */
export const MIC = svg`<rect x="9" y="3" width="6" height="11" rx="3"></rect><path d="M5 11a7 7 0 0 0 14 0m-7 7v3"></path>`;
