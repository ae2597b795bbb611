/**
 * PowerPoint packages (.pptx, .pptm, .ppsx): the slide list and size from
 * `ppt/presentation.xml`, the theme's colours, and per slide its shapes (`pptx-shapes.ts`), its
 * layout and master (where a placeholder's position is inherited from) and its notes slide.
 * Parts are read from the zip only when the slide that needs them is shown.
 */
import { PreviewError } from './preview-error.js';
import { attr, childOf, childrenOf, descendantsOf, numberAttr, parseXml, pathOf, relAttr } from './slide-xml.js';
import { SlideWriter } from './slide-html.js';
import { resolvePart, type ZipPackage } from './slides-zip.js';
import { drawShapeTree, paragraphText, type PptxSlideContext, type Relationship } from './pptx-shapes.js';
import type { DeckStrings, SlideContent, SlideDeck } from './slides-deck.js';

const DEFAULT_WIDTH = 9_144_000;
const DEFAULT_HEIGHT = 6_858_000;
/** Notes placeholders that are no notes: the slide's picture, its number, header, footer, date. */
const NOT_NOTES = new Set(['sldImg', 'sldNum', 'hdr', 'ftr', 'dt']);

function relsPathOf(part: string): string {
  const slash = part.lastIndexOf('/');
  return `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
}

export class PptxDeck implements SlideDeck {
  readonly width: number;
  readonly height: number;
  readonly count: number;
  readonly textOnly = false;
  private readonly slides: string[];
  private readonly docs = new Map<string, Document | null>();
  private readonly rels = new Map<string, Map<string, Relationship>>();
  private theme: Map<string, string> | null = null;

  constructor(
    private readonly zip: ZipPackage,
    private readonly strings: DeckStrings,
  ) {
    const rootRels = this.relationships('');
    const main = [...rootRels.values()].find((rel) => rel.type.endsWith('/officeDocument'))?.target ?? 'ppt/presentation.xml';
    const presentation = this.doc(main);
    if (!presentation || presentation.documentElement.localName !== 'presentation') throw new PreviewError('corrupt', 'no presentation part');
    const rels = this.relationships(main);
    const size = descendantsOf(presentation, 'sldSz')[0];
    this.width = Math.max(1, numberAttr(size, 'cx', DEFAULT_WIDTH));
    this.height = Math.max(1, numberAttr(size, 'cy', DEFAULT_HEIGHT));
    this.slides = childrenOf(childOf(presentation.documentElement, 'sldIdLst'), 'sldId')
      .map((id) => rels.get(relAttr(id, 'id') ?? '')?.target ?? '')
      .filter((target) => target !== '');
    this.count = this.slides.length;
  }

  /** A part's parsed XML (cached; null when missing). */
  private doc(part: string): Document | null {
    if (this.docs.has(part)) return this.docs.get(part)!;
    const text = this.zip.text(part);
    const doc = text === null ? null : parseXml(text, part);
    this.docs.set(part, doc);
    return doc;
  }

  /** The relationships of a part (`''`: the package's own), by id, targets resolved to part names. */
  private relationships(part: string): Map<string, Relationship> {
    let map = this.rels.get(part);
    if (map) return map;
    map = new Map();
    const path = part ? relsPathOf(part) : '_rels/.rels';
    const text = this.zip.text(path);
    if (text !== null) {
      for (const rel of descendantsOf(parseXml(text, path), 'Relationship')) {
        const external = (attr(rel, 'TargetMode') ?? '').toLowerCase() === 'external';
        const target = attr(rel, 'Target') ?? '';
        map.set(attr(rel, 'Id') ?? '', { type: attr(rel, 'Type') ?? '', external, target: external ? target : resolvePart(part || '/', target) });
      }
    }
    this.rels.set(part, map);
    return map;
  }

  private related(part: string, type: string): string | null {
    for (const rel of this.relationships(part).values()) if (!rel.external && rel.type.endsWith(`/${type}`)) return rel.target;
    return null;
  }

  /** The theme's colours by scheme name (dk1, lt1, accent1…, and tx1/bg1/tx2/bg2 mapped the usual way). */
  private themeColours(master: string | null): Map<string, string> {
    if (this.theme) return this.theme;
    const colours = new Map<string, string>();
    const themePart = master ? this.related(master, 'theme') : null;
    const scheme = themePart ? descendantsOf(this.doc(themePart), 'clrScheme')[0] : undefined;
    for (const entry of childrenOf(scheme)) {
      const value = attr(childOf(entry, 'srgbClr'), 'val') ?? attr(childOf(entry, 'sysClr'), 'lastClr');
      if (value) colours.set(entry.localName, value);
    }
    for (const [alias, name] of [['tx1', 'dk1'], ['bg1', 'lt1'], ['tx2', 'dk2'], ['bg2', 'lt2']] as const) {
      const value = colours.get(name);
      if (value) colours.set(alias, value);
    }
    this.theme = colours;
    return colours;
  }

  render(index: number): SlideContent {
    const part = this.slides[index];
    const slide = part ? this.doc(part) : null;
    if (!part || !slide) throw new PreviewError('corrupt', `slide ${index + 1} is missing`);
    const layoutPart = this.related(part, 'slideLayout');
    const masterPart = layoutPart ? this.related(layoutPart, 'slideMaster') : null;
    const layout = layoutPart ? this.doc(layoutPart) : null;
    const master = masterPart ? this.doc(masterPart) : null;
    const writer = new SlideWriter(this.width, this.height);
    const context: PptxSlideContext = {
      writer,
      part,
      rels: this.relationships(part),
      theme: this.themeColours(masterPart),
      inherited: [layout, master].filter((doc): doc is Document => doc !== null),
      picture: (target) => this.zip.read(target),
      strings: this.strings,
    };
    const background = [slide, layout, master].map((doc) => pathOf(doc?.documentElement, 'cSld', 'bg', 'bgPr', 'solidFill')).find(Boolean);
    if (background) writer.background(context.theme.get(attr(childOf(background, 'schemeClr'), 'val') ?? '') ?? attr(childOf(background, 'srgbClr'), 'val') ?? '');
    // The master's and the layout's own shapes lie beneath the slide's, unless one hides them.
    const showsMaster = (doc: Document | null) => attr(doc?.documentElement, 'showMasterSp') !== '0';
    const beneath: [string | null, Document | null][] = [];
    if (showsMaster(slide) && showsMaster(layout)) beneath.push([masterPart, master]);
    if (showsMaster(slide)) beneath.push([layoutPart, layout]);
    for (const [under, doc] of beneath) {
      if (under && doc) drawShapeTree(pathOf(doc.documentElement, 'cSld', 'spTree'), { ...context, part: under, rels: this.relationships(under) }, true);
    }
    drawShapeTree(pathOf(slide.documentElement, 'cSld', 'spTree'), context);
    return { html: writer.html(), notes: this.notes(part) };
  }

  /** The notes slide's text, paragraph by paragraph. */
  private notes(slidePart: string): string[] {
    const notesPart = this.related(slidePart, 'notesSlide');
    const notes = notesPart ? this.doc(notesPart) : null;
    if (!notes) return [];
    const texts: string[] = [];
    for (const shape of descendantsOf(notes, 'sp')) {
      const ph = pathOf(shape, 'nvSpPr', 'nvPr', 'ph');
      if (ph && NOT_NOTES.has(attr(ph, 'type') ?? '')) continue;
      for (const paragraph of childrenOf(childOf(shape, 'txBody'), 'p')) {
        const text = paragraphText(paragraph);
        if (text.trim()) texts.push(text);
      }
    }
    return texts;
  }
}
