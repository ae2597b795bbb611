/**
 * "Ann is typing…", "Ann and Zoe are typing…", "Several people are typing…": a chunk of its own
 * (with the strings of the parts loaded on first use), fetched when someone first types.
 */
import '../shared/localize/en-more.js';
import type { LocalizeController } from '../shared/localize/localize.js';

export function typingText(l: LocalizeController, names: readonly string[]): string {
  const [first = '', second = '', third] = names;
  return third ? l.term('typing.many') : second ? l.term('typing.two', { first, second }) : first ? l.term('typing.one', { name: first }) : '';
}
