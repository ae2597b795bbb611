// Every shipped language is complete: each key of the English reference table (both halves),
// the same placeholders, and every plural form the language's rules select. A key missing in
// any language fails here (the last test shows the check catching one).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ar } from '../../src/components/shared/localize/ar.js';
import { de } from '../../src/components/shared/localize/de.js';
import { en } from '../../src/components/shared/localize/en.js';
import { enMore } from '../../src/components/shared/localize/en-more.js';
import { shippedLanguages } from '../../src/components/shared/localize/languages.js';
import { TRANSCRIPT_STRINGS } from '../../server/transcripts/transcript-strings.js';

const reference: Record<string, string> = { ...en, ...enMore };
const tables: Record<string, Record<string, string>> = { de, ar };
const placeholders = (text: string) => new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!));
const groups = Object.keys(reference).flatMap((key) => (key.endsWith('.other') && `${key.slice(0, -6)}.one` in reference ? [key.slice(0, -6)] : []));
const groupOf = (key: string) => groups.find((g) => key.startsWith(`${g}.`) && /^(zero|one|two|few|many|other)$/.test(key.slice(g.length + 1)));

/** What is wrong with a language's table; empty when it is complete. */
function problems(lang: string, table: Record<string, string>): string[] {
  const found: string[] = [];
  for (const [key, english] of Object.entries(reference)) {
    const text = table[key];
    if (typeof text !== 'string' || text.trim() === '') {
      found.push(`${lang}: "${key}" is missing`);
      continue;
    }
    if (groupOf(key)) continue;
    const want = [...placeholders(english)].sort().join(',');
    const got = [...placeholders(text)].sort().join(',');
    if (want !== got) found.push(`${lang}: "${key}" has placeholders {${got}}, English {${want}}`);
  }
  for (const key of Object.keys(table)) {
    if (!(key in reference) && !groupOf(key)) found.push(`${lang}: "${key}" is not a key of the reference table`);
  }
  const categories = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
  for (const group of groups) {
    const english = new Set([...placeholders(reference[`${group}.one`]!), ...placeholders(reference[`${group}.other`]!)]);
    for (const category of categories) {
      const text = table[`${group}.${category}`];
      if (text === undefined) {
        found.push(`${lang}: "${group}.${category}" is missing (Intl.PluralRules selects "${category}")`);
        continue;
      }
      for (const name of placeholders(text)) if (!english.has(name)) found.push(`${lang}: "${group}.${category}" has an unknown {${name}}`);
      for (const name of english) {
        // The word forms of zero, one and two may say the number themselves.
        const optional = name === 'count' && ['zero', 'one', 'two'].includes(category);
        if (!optional && !placeholders(text).has(name)) found.push(`${lang}: "${group}.${category}" lacks {${name}}`);
      }
    }
  }
  return found;
}

describe('the localisation tables', () => {
  it('the two halves of the English table share no key, and the plural groups are the .one/.other pairs', () => {
    assert.deepEqual(Object.keys(en).filter((key) => key in enMore), []);
    assert.deepEqual(groups.sort(), ['reactions', 'search.shown', 'unread']);
  });

  it('ships German and Arabic', () => {
    assert.deepEqual([...shippedLanguages].sort(), ['ar', 'de']);
  });

  for (const lang of ['de', 'ar']) {
    it(`${lang}: every key, the same placeholders, every plural form`, () => {
      assert.deepEqual(problems(lang, tables[lang]!), []);
    });
  }

  it('Arabic has its six plural forms and German its two', () => {
    assert.deepEqual(new Intl.PluralRules('ar').resolvedOptions().pluralCategories.length, 6);
    for (const group of groups) for (const c of ['zero', 'one', 'two', 'few', 'many', 'other']) assert.ok(ar[`${group}.${c}` as keyof typeof ar], `${group}.${c}`);
  });

  it('is translated, not copied: most strings differ from English', () => {
    for (const [lang, table] of Object.entries(tables)) {
      const same = Object.keys(reference).filter((key) => table[key] === reference[key]);
      assert.ok(same.length < Object.keys(reference).length * 0.05, `${lang}: ${same.length} strings equal the English: ${same.join(', ')}`);
    }
  });

  it('the check fails on a missing key, a lost placeholder and a missing plural form', () => {
    const broken: Record<string, string> = { ...ar };
    delete broken.send;
    broken['participant.joined'] = 'انضم';
    delete broken['unread.few'];
    assert.deepEqual(problems('ar', broken), [
      'ar: "send" is missing',
      'ar: "participant.joined" has placeholders {}, English {name}',
      'ar: "unread.few" is missing (Intl.PluralRules selects "few")',
    ]);
  });

  it('the transcript words exist in every transcript language with the same placeholders', () => {
    const english = TRANSCRIPT_STRINGS.en as Record<string, string>;
    for (const [lang, table] of Object.entries(TRANSCRIPT_STRINGS) as [string, Record<string, string>][]) {
      assert.deepEqual(Object.keys(table).sort(), Object.keys(english).sort(), lang);
      for (const key of Object.keys(english)) assert.deepEqual([...placeholders(table[key]!)].sort(), [...placeholders(english[key]!)].sort(), `${lang} ${key}`);
    }
  });
});
