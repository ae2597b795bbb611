import { PAGE_GAP, type PageEntry, type PdfPages, type PdfView } from './pdf-pages.js';
import { yieldToBrowser } from './preview-source.js';
import { fillString } from './preview-strings.js';

interface PageText {
  /** Lower-cased text of the page: the items' strings joined. */
  text: string;
  /** Where each item starts in `text`. */
  starts: number[];
}

interface Match {
  page: number;
  start: number;
  end: number;
}

/**
 * Find in the pdf: every page's text searched (case-insensitive, in slices that leave the page
 * responsive), the matches marked in the text layers of the pages on screen, the current one
 * scrolled to, and next/previous.
 */
export class PdfFind {
  query = '';
  matches: Match[] = [];
  matchIndex = -1;
  searching = false;
  private searchRun = 0;
  private readonly pageTexts = new Map<number, Promise<PageText>>();
  private findTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly view: PdfView,
    private readonly pages: PdfPages,
  ) {}

  /** What the find box's status says: searching, no matches, or "3 of 12". */
  get status(): string {
    const { strings, lang } = this.view;
    const { query, searching, matches } = this;
    return !query ? '' : searching && matches.length === 0 ? strings.searching : matches.length === 0 ? strings.noMatches : fillString(strings.matchOf, { current: this.matchIndex + 1, count: matches.length }, lang);
  }

  readonly onInput = (event: Event): void => {
    const text = (event.target as HTMLInputElement).value;
    clearTimeout(this.findTimer);
    this.findTimer = setTimeout(() => void this.search(text), 250);
  };

  readonly onKey = (event: KeyboardEvent): void => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    const text = (event.target as HTMLInputElement).value;
    if (text !== this.query) {
      clearTimeout(this.findTimer);
      void this.search(text);
    } else this.step(event.shiftKey ? -1 : 1);
  };

  step(direction: 1 | -1): void {
    this.selectMatch(this.matchIndex + direction);
  }

  destroy(): void {
    this.searchRun += 1;
    clearTimeout(this.findTimer);
    this.pageTexts.clear();
  }

  private pageText(number: number): Promise<PageText> {
    let text = this.pageTexts.get(number);
    if (!text) {
      text = (async () => {
        const page = await this.view.doc!.getPage(number);
        const content = await page.getTextContent({ disableNormalization: true });
        let joined = '';
        const starts: number[] = [];
        for (const item of content.items) {
          if (!('str' in item)) continue;
          starts.push(joined.length);
          joined += item.str;
        }
        return { text: joined.toLowerCase(), starts };
      })();
      this.pageTexts.set(number, text);
    }
    return text;
  }

  private async search(text: string): Promise<void> {
    const { view } = this;
    const run = ++this.searchRun;
    this.query = text;
    this.matches = [];
    this.matchIndex = -1;
    for (const entry of this.pages.entries) this.highlightPage(entry);
    if (!text.trim() || !view.doc) {
      this.searching = false;
      view.drawChrome();
      return;
    }
    this.searching = true;
    view.drawChrome();
    const needle = text.toLowerCase();
    let slice = performance.now();
    for (let number = 1; number <= view.doc.numPages; number++) {
      let haystack: string;
      try {
        haystack = (await this.pageText(number)).text;
      } catch (error) {
        if (run !== this.searchRun || view.destroyed) return;
        this.pageTexts.delete(number);
        continue; // a page whose text cannot be read has no matches
      }
      if (run !== this.searchRun || view.destroyed) return;
      for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + needle.length)) {
        this.matches.push({ page: number, start: at, end: at + needle.length });
      }
      if (this.matchIndex < 0 && this.matches.length) {
        this.selectMatch(0);
      }
      if (performance.now() - slice > 50) {
        view.drawChrome();
        await yieldToBrowser();
        slice = performance.now();
      }
    }
    this.searching = false;
    view.drawChrome();
  }

  private selectMatch(index: number): void {
    const { matches } = this;
    if (!matches.length) return;
    const pages = this.pages.entries;
    const previousPage = matches[this.matchIndex]?.page;
    this.matchIndex = (index + matches.length) % matches.length;
    const match = matches[this.matchIndex]!;
    const entry = pages[match.page - 1]!;
    if (previousPage && previousPage !== match.page) this.highlightPage(pages[previousPage - 1]!);
    const box = this.view.scroller();
    if (box && (entry.el.offsetTop > box.scrollTop + box.clientHeight || entry.el.offsetTop + entry.el.offsetHeight < box.scrollTop)) {
      box.scrollTop = entry.el.offsetTop - PAGE_GAP;
    }
    void this.pages.render(entry).then(() => {
      this.highlightPage(entry);
      entry.el.querySelector('.highlight.selected')?.scrollIntoView({ block: 'center', inline: 'nearest' });
    });
    this.view.drawChrome();
  }

  /** Wraps this page's matches in the text layer in `.highlight` spans (the current one `.selected`). */
  highlightPage(entry: PageEntry): void {
    const layer = entry.textLayer;
    if (!layer || !entry.textDiv) return;
    const divs = layer.textDivs;
    const strs = entry.itemStrs;
    // Undo earlier highlights.
    for (const div of entry.textDiv.querySelectorAll<HTMLElement>('[data-highlighted]')) {
      const index = Number(div.dataset['highlighted']);
      div.textContent = strs[index] ?? div.textContent;
      delete div.dataset['highlighted'];
    }
    const pageMatches = this.matches.filter((match) => match.page === entry.number);
    if (!pageMatches.length) return;
    let offset = 0;
    const starts = strs.map((str) => {
      const start = offset;
      offset += str.length;
      return start;
    });
    const ranges = new Map<number, { from: number; to: number; selected: boolean }[]>();
    for (const match of pageMatches) {
      const selected = this.matches[this.matchIndex] === match;
      for (let i = 0; i < strs.length; i++) {
        const from = Math.max(match.start, starts[i]!);
        const to = Math.min(match.end, starts[i]! + strs[i]!.length);
        if (from >= to) continue;
        let list = ranges.get(i);
        if (!list) ranges.set(i, (list = []));
        list.push({ from: from - starts[i]!, to: to - starts[i]!, selected });
      }
    }
    for (const [i, list] of ranges) {
      const div = divs[i];
      const str = strs[i];
      if (!div || str === undefined) continue;
      list.sort((a, b) => a.from - b.from);
      const parts: Node[] = [];
      let at = 0;
      for (const range of list) {
        if (range.from > at) parts.push(document.createTextNode(str.slice(at, range.from)));
        const mark = document.createElement('span');
        mark.className = range.selected ? 'highlight selected' : 'highlight';
        mark.textContent = str.slice(range.from, range.to);
        parts.push(mark);
        at = range.to;
      }
      if (at < str.length) parts.push(document.createTextNode(str.slice(at)));
      div.replaceChildren(...parts);
      div.dataset['highlighted'] = String(i);
    }
  }
}
