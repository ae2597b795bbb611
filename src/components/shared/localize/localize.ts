import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { en, type Translation, type TranslationKey } from './en.js';
import { isShipped, loadLanguage, onLanguageLoaded } from './languages.js';
import type { LanguageTable } from './tables.js';

export type { Translation, TranslationKey };

type Strings = Partial<Translation> & Partial<LanguageTable>;
const translations = new Map<string, Strings>([['en', en]]);
const hosts = new Set<ReactiveControllerHost>();
/** The plural groups of the reference table: the keys that come as `.one` and `.other`. */
export type PluralGroup = TranslationKey extends infer K ? (K extends `${infer G}.other` ? G : never) : never;

/** The English strings of the parts loaded on first use (`en-more.ts`), once loaded. */
let more: Partial<Translation> = {};
let loadingMore: Promise<unknown> | undefined;

/** Called by `en-more.ts` as it loads: its strings join the table and every component re-renders. */
export function addStrings(strings: Partial<Translation>): void {
  more = strings;
  for (const host of hosts) host.requestUpdate();
}

/** Loads the second half of the English table (see `en-more.ts`), once. */
export function loadMoreStrings(): Promise<unknown> {
  return (loadingMore ??= import('./en-more.js'));
}

/**
 * Adds or replaces the strings of a language (`"de"`, `"pt-BR"`, …). Missing keys fall back to
 * the base language (`"pt"` for `"pt-BR"`), then to English. Every connected component
 * re-renders.
 */
export function registerTranslation(lang: string, translation: Strings): void {
  translations.set(lang.toLowerCase(), { ...translations.get(lang.toLowerCase()), ...translation });
  for (const host of hosts) host.requestUpdate();
}

// A shipped table goes under what the host registered for that language: the host's strings win.
onLanguageLoaded((lang, table) => {
  translations.set(lang, { ...table, ...translations.get(lang) });
  refreshStrings();
});

/** Re-renders every connected component (its language changed). */
export function refreshStrings(): void {
  for (const host of hosts) host.requestUpdate();
}

/** The `lang` in effect for a node: the nearest `lang` attribute, crossing shadow roots, else the document's. */
export function langOf(node: Element): string {
  let current: Element | null = node;
  while (current) {
    const withLang: Element | null = current.closest('[lang]');
    if (withLang) return withLang.getAttribute('lang') || 'en';
    const root = current.getRootNode();
    current = root instanceof ShadowRoot ? root.host : null;
  }
  return document.documentElement.lang || navigator.language || 'en';
}

/**
 * Localisation for a component: every user-visible string, date and time goes through it.
 * The language is read from the nearest `lang` attribute (also across shadow roots).
 */
export class LocalizeController implements ReactiveController {
  private readonly host: ReactiveControllerHost & HTMLElement;

  constructor(host: ReactiveControllerHost & HTMLElement) {
    this.host = host;
    host.addController(this);
  }

  hostConnected(): void {
    hosts.add(this.host);
  }

  hostDisconnected(): void {
    hosts.delete(this.host);
  }

  /** The language in effect (BCP 47). */
  get lang(): string {
    return langOf(this.host);
  }

  /** Whether `key` is a known string of the first table (for keys built at run time, such as error codes). */
  has(key: string): key is TranslationKey {
    return Object.hasOwn(en, key);
  }

  /**
   * A string of the table, with `{name}` placeholders replaced by `params`. A string of the
   * second table asked for before it loaded is empty until it has (then the host re-renders);
   * the parts that show those strings import it, so this does not happen in practice.
   */
  term(key: TranslationKey, params: Record<string, string | number> = {}): string {
    const lang = this.lang.toLowerCase();
    const text = this.lookup(lang, key);
    if (text === undefined) {
      void loadMoreStrings();
      return '';
    }
    return this.fill(text, params);
  }

  /**
   * A string of a plural group (`unread.one`, `unread.other`, and in Arabic also `.zero`,
   * `.two`, `.few`, `.many`): the form `Intl.PluralRules` selects for `count` in this
   * language, else the group's `.other`. `{count}` is filled with the number, formatted.
   */
  plural(group: PluralGroup, count: number, params: Record<string, string | number> = {}): string {
    const lang = this.lang.toLowerCase();
    const category = new Intl.PluralRules(this.lang).select(count);
    const filled = { count: this.number(count), ...params };
    const text = this.lookup(lang, `${group}.${category}`) ?? this.lookup(lang, `${group}.other`);
    if (text === undefined) {
      void loadMoreStrings();
      return '';
    }
    return this.fill(text, filled);
  }

  /** A number formatted for this language (`12,345`; Arabic digits in Arabic). */
  number(value: number): string {
    return new Intl.NumberFormat(this.lang).format(value);
  }

  /** Looks `key` up for `lang`, its base language, then English; starts loading a shipped language's table (German, Arabic) on first use, English showing until it is in. */
  private lookup(lang: string, key: string): string | undefined {
    const k = key as TranslationKey;
    const base = lang.split('-')[0]!;
    if (isShipped(base)) void loadLanguage(base);
    return translations.get(lang)?.[k] ?? translations.get(lang.split('-')[0]!)?.[k] ?? (en as Partial<Translation>)[k] ?? more[k];
  }

  private fill(text: string, params: Record<string, string | number>): string {
    return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
  }

  /** A time of day; with the date too when `at` is not today. */
  time(at: number, now = Date.now()): string {
    const sameDay = new Date(at).toDateString() === new Date(now).toDateString();
    return new Intl.DateTimeFormat(this.lang, sameDay ? { timeStyle: 'short' } : { dateStyle: 'medium', timeStyle: 'short' }).format(at);
  }

  /** A full date and time, for tooltips. */
  dateTime(at: number): string {
    return new Intl.DateTimeFormat(this.lang, { dateStyle: 'full', timeStyle: 'medium' }).format(at);
  }

  /** "2 minutes ago", "yesterday", "in 5 seconds": the closest unit, via `Intl.RelativeTimeFormat`. */
  relativeTime(at: number, now = Date.now()): string {
    const seconds = Math.round((at - now) / 1000);
    const units: [Intl.RelativeTimeFormatUnit, number][] = [
      ['year', 31_536_000],
      ['month', 2_592_000],
      ['week', 604_800],
      ['day', 86_400],
      ['hour', 3_600],
      ['minute', 60],
    ];
    const format = new Intl.RelativeTimeFormat(this.lang, { numeric: 'auto' });
    for (const [unit, size] of units) {
      if (Math.abs(seconds) >= size) return format.format(Math.round(seconds / size), unit);
    }
    return format.format(seconds, 'second');
  }
}
