import { html, nothing, type TemplateResult } from 'lit';
import type { SessionClient } from '../../client/index.js';
import type { ChatMessage } from '../../protocol/index.js';
import type { SessionClientEventMap } from '../../client/types.js';
import type { LocalizeController } from '../localize/localize.js';
import { ClientFollower } from './client-follower.js';

/** A join or a leave, as the log recorded it. */
interface PresenceLine {
  seq: number;
  joined: boolean;
  participantId: string;
  at: number;
}

/** What goes between the messages while one render walks the log. */
export interface TimelineReader {
  /** The quiet lines (and the "New messages" divider) due before `message`. */
  before(message: ChatMessage): unknown;
  /** The lines after the last message. */
  rest(): unknown;
}

/**
 * The log's quiet lines between messages: "Ann joined" and "Ann left" from the
 * `participant.joined` / `participant.left` events (history and live), and the "New messages"
 * divider before the first unread message. A client attached after it loaded its history
 * shows the joins and leaves from then on.
 */
export class TimelineController extends ClientFollower {
  private lines: PresenceLine[] = [];
  private lastSeq = 0;

  private readonly onEvent = ({ detail: { event } }: SessionClientEventMap['event']): void => {
    // The history was loaded again from the start (another epoch): forget what came after.
    if (event.seq <= this.lastSeq) this.lines = this.lines.filter((line) => line.seq < event.seq);
    this.lastSeq = event.seq;
    if (event.type === 'participant.joined') {
      this.lines.push({ seq: event.seq, joined: true, participantId: event.participant.id, at: event.at });
    } else if (event.type === 'participant.left') {
      this.lines.push({ seq: event.seq, joined: false, participantId: event.from, at: event.at });
    }
  };

  protected attach(client: SessionClient): void {
    this.lines = [];
    this.lastSeq = client.state.lastSeq;
    client.addEventListener('event', this.onEvent);
  }

  protected detach(client: SessionClient): void {
    client.removeEventListener('event', this.onEvent);
  }

  /**
   * Walks the lines along one render of the messages (in `seq` order). `joinLeave` false hides
   * the joins and leaves; `dividerSeq` places the divider before the first message from another
   * participant at or after it.
   */
  reader(l: LocalizeController, nameOf: (id: string) => string, joinLeave: boolean, dividerSeq: number | null, me: string): TimelineReader {
    const lines = joinLeave ? this.lines : [];
    let next = 0;
    let divider = dividerSeq;
    const until = (seq: number): TemplateResult[] => {
      const out: TemplateResult[] = [];
      for (; next < lines.length && lines[next]!.seq < seq; next++) {
        const line = lines[next]!;
        out.push(html`<p class="system-line" part="system-line">
          ${l.term(line.joined ? 'participant.joined' : 'participant.left', { name: nameOf(line.participantId) })}
          <time datetime=${new Date(line.at).toISOString()}>${l.time(line.at)}</time>
        </p>`);
      }
      return out;
    };
    return {
      before(message) {
        const shown = until(message.seq);
        if (divider === null || message.seq < divider || message.from === me) return shown.length ? shown : nothing;
        divider = null;
        return html`${shown}<div class="unread-divider" part="unread-divider"><span>${l.term('unread.divider')}</span></div>`;
      },
      rest() {
        const shown = until(Infinity);
        return shown.length ? shown : nothing;
      },
    };
  }
}
