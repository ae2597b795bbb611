import type { TranslationKey } from './en.js';

/** The plural categories beyond English's `one` and `other` (Arabic uses all four; see `Intl.PluralRules`). */
export type ExtraPluralCategory = 'zero' | 'two' | 'few' | 'many';

/**
 * A shipped language's table: every key of the reference table (`en.ts` and `en-more.ts`),
 * and for the plural groups (keys ending in `.one` / `.other`) the extra forms the language's
 * plural rules select, such as `unread.few` in Arabic.
 */
// The categories are spelled out (not `ExtraPluralCategory`): the bundled declarations keep them so.
export type LanguageTable = Record<TranslationKey, string> & { [key: `${string}.${'zero' | 'two' | 'few' | 'many'}`]: string };
