import { html } from 'lit';
import type { SessionClient } from '../../client/index.js';
import type { SessionClientEventMap } from '../../client/types.js';
import type { ChatMessage } from '../../protocol/index.js';
import type { LocalizeController } from '../shared/localize/localize.js';
import { ClientFollower } from '../shared/client-follower.js';

/** What goes between the messages while one render walks the log. */
export interface TimelineReader {
  /** The quiet lines (and the "New messages" divider) due before `message`. */
  before(message: ChatMessage): unknown;
  /** The lines after the last message. */
  rest(): unknown;
}

/**
 * The log's quiet lines between messages: "Ann joined" and "Ann left" from the
 * `participant.joined` / `participant.left` events (history and live, older pages too), and the "New messages"
 * divider before the first unread message. A client attached after it loaded its history
 * shows the joins and leaves from then on.
 */
export class TimelineController extends ClientFollower {
  /** Joins and leaves in log order: `seq`, the key of the line, who, when. */
  private lines: [seq: number, key: 'participant.joined' | 'participant.left', who: string, at: number][] = [];

  private readonly onEvent = ({ detail: { event } }: SessionClientEventMap['event']): void => {
    // The history loaded again from the start (another epoch) replaces what came after.
    this.lines = this.lines.filter((line) => line[0] < event.seq);
    if (event.type === 'participant.joined') this.lines.push([event.seq, event.type, event.participant.id, event.at]);
    if (event.type === 'participant.left') this.lines.push([event.seq, event.type, event.from, event.at]);
  };

  /** Older events loaded (the history): their joins and leaves go before the lines held. */
  private readonly onHistory = ({ detail: { events } }: SessionClientEventMap['history']): void => {
    const first = this.lines[0]?.[0] ?? Infinity;
    const older: typeof this.lines = [];
    for (const event of events) {
      if (event.seq >= first) break;
      if (event.type === 'participant.joined') older.push([event.seq, event.type, event.participant.id, event.at]);
      if (event.type === 'participant.left') older.push([event.seq, event.type, event.from, event.at]);
    }
    if (older.length > 0) this.lines = older.concat(this.lines);
  };

  protected attach(client: SessionClient): void {
    this.lines = [];
    client.addEventListener('event', this.onEvent);
    client.addEventListener('history', this.onHistory);
  }

  protected detach(client: SessionClient): void {
    client.removeEventListener('event', this.onEvent);
    client.removeEventListener('history', this.onHistory);
  }

  /**
   * Walks the lines along one render of the messages (in `seq` order). `joinLeave` false hides
   * the joins and leaves; the divider goes before the first message of another participant
   * from `first` on.
   */
  reader(l: LocalizeController, nameOf: (id: string) => string, joinLeave: boolean, first: ChatMessage | null, me: string): TimelineReader {
    const lines = joinLeave ? this.lines : [];
    let next = 0;
    let divider = first;
    const until = (seq: number) => {
      const out = [];
      for (; next < lines.length && lines[next]![0] < seq; next++) {
        const [, key, who, at] = lines[next]!;
        out.push(html`<p class="system-line" part="system-line">${l.term(key, { name: nameOf(who) })} <time datetime=${new Date(at).toISOString()}>${l.time(at)}</time></p>`);
      }
      return out;
    };
    return {
      before(message) {
        const shown = until(message.seq);
        if (!divider || message.seq < divider.seq || message.from === me) return shown;
        divider = null;
        return [shown, html`<div class="unread-divider" part="unread-divider">${l.term('unread.divider')}</div>`];
      },
      rest: () => until(Infinity),
    };
  }
}
