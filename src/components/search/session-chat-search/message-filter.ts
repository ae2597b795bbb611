import type { ChatMessage } from '../../../protocol/index.js';
import { fileKindOf } from '../../shared/file-kind.js';
import { linkify } from '../../shared/linkify.js';

/** Which messages the kind filter keeps: every one, those with a file, an image, a link. */
export type MessageKind = 'all' | 'files' | 'images' | 'links';

/** The kinds in the order the bar shows them. */
export const MESSAGE_KINDS: readonly MessageKind[] = ['all', 'files', 'images', 'links'];

/** The search bar's filters: a kind and one author (`null`: anyone). */
export interface MessageFilter {
  kind: MessageKind;
  from: string | null;
}

export const NO_FILTER: MessageFilter = { kind: 'all', from: null };

/** Whether a filter narrows the log at all. */
export function isFiltering(filter: MessageFilter): boolean {
  return filter.kind !== 'all' || filter.from !== null;
}

/** What a message is, worked out once per message object (a message changes into a new object). */
interface MessageTraits {
  file: boolean;
  image: boolean;
  link: boolean;
}

const traitsCache = new WeakMap<ChatMessage, MessageTraits>();

function traitsOf(message: ChatMessage): MessageTraits {
  let traits = traitsCache.get(message);
  if (!traits) {
    const file = message.file && !message.file.removed ? message.file : null;
    traits = {
      file: file !== null,
      image: file !== null && fileKindOf(file) === 'image',
      // The text (or a file's caption) has a link exactly when the log would show one.
      link: linkify(message.text).some((part) => part.type === 'link'),
    };
    traitsCache.set(message, traits);
  }
  return traits;
}

/**
 * Whether a message passes a filter. A deleted message passes none but the empty filter (it
 * has no text, file or link left); a removed file no longer counts as a file.
 */
export function passes(message: ChatMessage, filter: MessageFilter): boolean {
  if (!isFiltering(filter)) return true;
  if (message.deleted) return false;
  if (filter.from !== null && message.from !== filter.from) return false;
  const traits = traitsOf(message);
  switch (filter.kind) {
    case 'all':
      return true;
    case 'files':
      return traits.file;
    case 'images':
      return traits.image;
    case 'links':
      return traits.link;
  }
}
