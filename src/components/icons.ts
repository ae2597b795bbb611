import { svg, type SVGTemplateResult } from 'lit';

/**
 * The one icon set of every icon button: 24 × 24 outlines drawn with `currentColor` (so they
 * follow the theme, hover states and forced colours) and sized by the theme's icon token
 * (`--session-chat-icon-size`, the `.i` rule in theme.styles.ts). Always decorative: the
 * button around an icon carries the accessible name. Each shape is its own export, so a
 * bundle keeps only the ones it draws.
 */
export function icon(shape: SVGTemplateResult): SVGTemplateResult {
  return svg`<svg class="i" aria-hidden="true" focusable="false" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">${shape}</svg>`;
}

export const SEARCH = svg`<circle cx="11" cy="11" r="7"/><path d="m20 20-4-4"/>`;
/** Two sliders: the settings. */
export const SETTINGS = svg`<path d="M4 7h10m4 0h2M4 17h2m4 0h10"/><circle cx="16" cy="7" r="2"/><circle cx="8" cy="17" r="2"/>`;
export const CLOSE = svg`<path d="M6 6l12 12M18 6 6 18"/>`;
/** Three dots: "More actions". */
export const MORE = svg`<path stroke-width="3" d="M5 12h.01M12 12h.01M19 12h.01"/>`;
export const ATTACH = svg`<path transform="rotate(40 12 12)" d="M16 7v10a4 4 0 0 1-8 0V5a2.5 2.5 0 0 1 5 0v11a1 1 0 0 1-2 0V7"/>`;
export const PREVIEW = svg`<path d="M2 12s3.5-7 10-7 10 7 10 7-3.5 7-10 7S2 12 2 12z"/><circle cx="12" cy="12" r="3"/>`;
export const DOWNLOAD = svg`<path d="M12 4v11m-5-5 5 5 5-5M5 20h14"/>`;
export const DELETE = svg`<path d="M4 7h16M10 11v6m4-6v6M6 7l1 13h10l1-13M9 7V4h6v3"/>`;
export const UP = svg`<path d="M12 19V5m-6 6 6-6 6 6"/>`;
export const DOWN = svg`<path d="M12 5v14m-6-6 6 6 6-6"/>`;
export const PREVIOUS = svg`<path d="m15 5-7 7 7 7"/>`;
export const NEXT = svg`<path d="m9 5 7 7-7 7"/>`;
export const RETRY = svg`<path d="M20 12a8 8 0 1 1-2.3-5.7M20 4v5h-5"/>`;
