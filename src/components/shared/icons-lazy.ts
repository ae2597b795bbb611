import { svg } from 'lit';

/**
 * The icon set's shapes that only lazily loaded parts draw (file cards, the search bar, uploads,
 * the preview dialog): kept out of icons.ts so they travel with those parts' chunks. Drawn with
 * `icon()` from icons.ts, like every other shape.
 */
export const PREVIEW = svg`<path d="M2 12s3.5-7 10-7 10 7 10 7-3.5 7-10 7S2 12 2 12z"></path><circle cx="12" cy="12" r="3"></circle>`;
export const DOWNLOAD = svg`<path d="M12 4v11m-5-5 5 5 5-5M5 20h14"></path>`;
export const DELETE = svg`<path d="M4 7h16M10 11v6m4-6v6M6 7l1 13h10l1-13M9 7V4h6v3"></path>`;
export const UP = svg`<path d="M12 19V5m-6 6 6-6 6 6"></path>`;
export const DOWN = svg`<path d="M12 5v14m-6-6 6 6 6-6"></path>`;
export const PREVIOUS = svg`<path d="m15 5-7 7 7 7"></path>`;
export const NEXT = svg`<path d="m9 5 7 7-7 7"></path>`;
export const RETRY = svg`<path d="M20 12a8 8 0 1 1-2.3-5.7M20 4v5h-5"></path>`;
/** A filled triangle and two bars: play and pause (the voice note player). */
export const PLAY = svg`<path fill="currentColor" d="M7 4.5v15l12.5-7.5z"></path>`;
export const PAUSE = svg`<path d="M8 5v14m8-14v14" stroke-width="3"></path>`;
