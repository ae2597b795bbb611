/**
 * What the slides previewer needs of a presentation, whatever its format: the slide size, the
 * number of slides, and each slide's HTML (built by `SlideWriter`, so escaped, not yet
 * sanitized) and speaker notes, built one slide at a time when that slide is about to be shown.
 * Types only.
 */

export interface SlideContent {
  /** The slide as HTML from `SlideWriter` (escaped text; sanitized before it is shown). */
  html: string;
  /** The speaker notes, one string per paragraph (plain text, shown as text). */
  notes: string[];
}

export interface SlideDeck {
  /** The slide's size, in EMU (914,400 an inch). */
  width: number;
  height: number;
  /** How many slides the file has. */
  count: number;
  /** Whether only the slides' text can be shown (legacy .ppt). */
  textOnly: boolean;
  /** Builds slide `index` (0-based). Throws a `PreviewError` when that slide cannot be read. */
  render(index: number): SlideContent;
}

/** The labels a reader writes into a slide (localized by the dialog). */
export interface DeckStrings {
  /** Where a picture in a format a browser cannot show (EMF, WMF, TIFF) was. */
  pictureNotShown: string;
  /** Where a linked (external) picture was: it is never fetched. */
  linkedPicture: string;
}
