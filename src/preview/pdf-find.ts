import { PAGE_GAP, type PageEntry, type PdfPages, type PdfView } from './pdf-pages.js';
import { yieldToBrowser } from './preview-source.js';
import { fillString } from './preview-strings.js';

interface PageText {
  /** Lower-cased text of the page: the items' strings joined. */
  text: string;
  /** Where each item starts in `text`. */
  starts: number[];
}

export interface Match {
  page: number;
  start: number;
  end: number;
}

/** Find, as the toolbar and the pages see it. */
export interface PdfFind {
  readonly query: string;
  readonly matches: readonly Match[];
  readonly searching: boolean;
  /** What the find box's status says: searching, no matches, or "3 of 12". */
  readonly status: string;
  onInput(event: Event): void;
  onKey(event: KeyboardEvent): void;
  step(direction: 1 | -1): void;
  /** Wraps this page's matches in the text layer in `.highlight` spans (the current one `.selected`). */
  highlightPage(entry: PageEntry): void;
  destroy(): void;
}

/**
 * Find in the pdf: every page's text searched (case-insensitive, in slices that leave the page
 * responsive), the matches marked in the text layers of the pages on screen, the current one
 * scrolled to, and next/previous.
 */
export function createPdfFind(view: PdfView, pages: PdfPages): PdfFind {
  let query = '';
  let matches: Match[] = [];
  let matchIndex = -1;
  let searching = false;
  let searchRun = 0;
  const pageTexts = new Map<number, Promise<PageText>>();
  let findTimer: ReturnType<typeof setTimeout> | undefined;

  /** What the find box's status says: searching, no matches, or "3 of 12". */
  const status = (): string => {
    const { strings, lang } = view;
    return !query ? '' : searching && matches.length === 0 ? strings.searching : matches.length === 0 ? strings.noMatches : fillString(strings.matchOf, { current: matchIndex + 1, count: matches.length }, lang);
  };

  const onInput = (event: Event): void => {
    const text = (event.target as HTMLInputElement).value;
    clearTimeout(findTimer);
    findTimer = setTimeout(() => void search(text), 250);
  };

  const onKey = (event: KeyboardEvent): void => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    const text = (event.target as HTMLInputElement).value;
    if (text !== query) {
      clearTimeout(findTimer);
      void search(text);
    } else step(event.shiftKey ? -1 : 1);
  };

  const step = (direction: 1 | -1): void => {
    selectMatch(matchIndex + direction);
  };

  const destroy = (): void => {
    searchRun += 1;
    clearTimeout(findTimer);
    pageTexts.clear();
  };

  const pageText = (number: number): Promise<PageText> => {
    let text = pageTexts.get(number);
    if (!text) {
      text = (async () => {
        const page = await view.doc!.getPage(number);
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
      pageTexts.set(number, text);
    }
    return text;
  };

  const search = async (text: string): Promise<void> => {
    const run = ++searchRun;
    query = text;
    matches = [];
    matchIndex = -1;
    for (const entry of pages.entries) highlightPage(entry);
    if (!text.trim() || !view.doc) {
      searching = false;
      view.drawChrome();
      return;
    }
    searching = true;
    view.drawChrome();
    const needle = text.toLowerCase();
    let slice = performance.now();
    for (let number = 1; number <= view.doc.numPages; number++) {
      let haystack: string;
      try {
        haystack = (await pageText(number)).text;
      } catch (error) {
        if (run !== searchRun || view.destroyed) return;
        pageTexts.delete(number);
        continue; // a page whose text cannot be read has no matches
      }
      if (run !== searchRun || view.destroyed) return;
      for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + needle.length)) {
        matches.push({ page: number, start: at, end: at + needle.length });
      }
      if (matchIndex < 0 && matches.length) {
        selectMatch(0);
      }
      if (performance.now() - slice > 50) {
        view.drawChrome();
        await yieldToBrowser();
        slice = performance.now();
      }
    }
    searching = false;
    view.drawChrome();
  };

  const selectMatch = (index: number): void => {
    if (!matches.length) return;
    const entries = pages.entries;
    const previousPage = matches[matchIndex]?.page;
    matchIndex = (index + matches.length) % matches.length;
    const match = matches[matchIndex]!;
    const entry = entries[match.page - 1]!;
    if (previousPage && previousPage !== match.page) highlightPage(entries[previousPage - 1]!);
    const box = view.scroller();
    if (box && (entry.el.offsetTop > box.scrollTop + box.clientHeight || entry.el.offsetTop + entry.el.offsetHeight < box.scrollTop)) {
      box.scrollTop = entry.el.offsetTop - PAGE_GAP;
    }
    void pages.render(entry).then(() => {
      highlightPage(entry);
      entry.el.querySelector('.highlight.selected')?.scrollIntoView({ block: 'center', inline: 'nearest' });
    });
    view.drawChrome();
  };

  /** Wraps this page's matches in the text layer in `.highlight` spans (the current one `.selected`). */
  const highlightPage = (entry: PageEntry): void => {
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
    const pageMatches = matches.filter((match) => match.page === entry.number);
    if (!pageMatches.length) return;
    let offset = 0;
    const starts = strs.map((str) => {
      const start = offset;
      offset += str.length;
      return start;
    });
    const ranges = new Map<number, { from: number; to: number; selected: boolean }[]>();
    for (const match of pageMatches) {
      const selected = matches[matchIndex] === match;
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
  };
  return {
    get query() {
      return query;
    },
    get matches() {
      return matches;
    },
    get searching() {
      return searching;
    },
    get status() {
      return status();
    },
    onInput,
    onKey,
    step,
    highlightPage,
    destroy,
  };
}
