import type { ChatMessage } from '../protocol/index.js';

/**
 * One line of a message for quotes (a reply's quote, the "Replying to" bar, the delete
 * confirmation): its text with runs of white space folded, or the file's name when a shared
 * file has no caption. Capped so that a very long message does not become a very long node;
 * CSS ends the visible line with an ellipsis.
 */
export function messageExcerpt(message: ChatMessage, max = 160): string {
  const text = (message.text || message.file?.name || '').replace(/\s+/g, ' ').trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** What "Copy" puts on the clipboard: the text as written (a shared file's caption, else its name). */
export function messagePlainText(message: ChatMessage): string {
  return message.text || message.file?.name || '';
}
