import type { ChatMessage } from '../../protocol/index.js';
import { displayName } from './display-name.js';

/**
 * One line of a message for quotes (a reply's quote, the "Replying to" bar, the delete
 * confirmation): its text with runs of white space folded, or the file's name when a shared
 * file has no caption. Capped so that a very long message does not become a very long node;
 * CSS ends the visible line with an ellipsis.
 */
export function messageExcerpt(message: ChatMessage, max = 160): string {
  const text = messagePlainText(message).replace(/\s+/g, ' ').trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** What "Copy" puts on the clipboard and a notification shows: the text as written (a shared file's caption, else its name as shown). */
export function messagePlainText(message: ChatMessage): string {
  return message.text || displayName(message.file?.name ?? '');
}
