import type { SessionClient } from '../../client/index.js';
import type { LogView } from '../conversation/session-chat-log/session-chat-log.component.js';
import type { MessageActionItem } from '../conversation/session-chat-message/session-chat-message.component.js';
import type { TimelineReader } from '../conversation/timeline-controller.js';
import { chatView, type ChatView, type ParticipantView } from '../shared/chat-view.js';

/** What the root adds to the client's derived state for the log: its settings and its features' hooks. */
export interface LogSources extends Pick<LogView, 'nameOf' | 'fileUrl' | 'renditionUrl' | 'reminders' | 'search' | 'history'> {
  ended(): boolean;
  alwaysScrollToEnd(): boolean;
  hostActions(): readonly MessageActionItem[];
  /** The quiet lines and the divider, for the viewer `me`. */
  lines(me: string): TimelineReader;
}

/**
 * What the log shows and the header lists, derived from the client once per render: the
 * client's view (`chatView`) with the root's settings and hooks.
 */
export function logViewOf(client: SessionClient, sources: LogSources): { view: LogView; participants: ParticipantView[]; authors: ChatView['authors'] } {
  const { participants, ...derived } = chatView(client);
  const view: LogView = {
    ...derived,
    ended: sources.ended(),
    alwaysScrollToEnd: sources.alwaysScrollToEnd(),
    hostActions: sources.hostActions(),
    lines: () => sources.lines(derived.me?.id ?? ''),
    nameOf: sources.nameOf,
    fileUrl: sources.fileUrl,
    renditionUrl: sources.renditionUrl,
    reminders: sources.reminders,
    search: sources.search,
    history: sources.history,
    quoted: (id) => client.quotedMessage(id) ?? null,
  };
  return { view, participants, authors: derived.authors };
}
