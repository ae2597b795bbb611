import type { LanguageTable } from './tables.js';

/**
 * The languages the package ships besides English, each a chunk of its own loaded when an
 * element in that language first renders (`lang="de"`, `lang="ar"`).
 */
const shipped: Record<string, () => Promise<LanguageTable>> = {
  de: () => import('./de.js').then((m) => m.de),
  ar: () => import('./ar.js').then((m) => m.ar),
};

/** The base languages written right to left. */
const rightToLeft = new Set(['ar', 'he', 'fa', 'ur', 'ps', 'yi', 'dv', 'ckb', 'sd', 'ug']);

const loading = new Map<string, Promise<void>>();
let register: ((lang: string, table: LanguageTable) => void) | undefined;

/** Called once by the localisation module: where a loaded table goes. */
export function onLanguageLoaded(callback: (lang: string, table: LanguageTable) => void): void {
  register = callback;
}

/** Whether the package ships a table for this base language (`"de"`, `"ar"`). */
export function isShipped(base: string): boolean {
  return Object.hasOwn(shipped, base);
}

/** The base languages shipped besides English. */
export const shippedLanguages: readonly string[] = Object.keys(shipped);

/**
 * Loads a shipped language's table once (resolves at once for others); every connected
 * component then re-renders in it. Hosts may await it before showing the element, to skip the
 * moment in English.
 */
export function loadLanguage(lang: string): Promise<void> {
  const base = lang.toLowerCase().split('-')[0]!;
  const load = shipped[base];
  if (!load) return Promise.resolve();
  let pending = loading.get(base);
  if (!pending) {
    pending = load().then((table) => register?.(base, table));
    loading.set(base, pending);
  }
  return pending;
}

/** Whether a language is written right to left (`"ar"`, `"he-IL"`, …). */
export function isRightToLeft(lang: string): boolean {
  return rightToLeft.has(lang.toLowerCase().split('-')[0]!);
}
