import {
  encodePresence,
  encodePresenceFrame,
  encodeTypingFrame,
  foldParticipant,
  type Json,
  type ChatParticipant,
  type PresenceEntry,
  type SessionEvent,
} from '../src/protocol/index.js';
import { frameBytes } from './frame-bytes.js';
import type { RoomMember } from './room-member.js';

/**
 * Who is in a room right now, and the ephemeral signals about them: the welcomed sockets (the
 * fan-out), presence (online, connections, away) sent whenever it changes, and typing notices.
 * Nothing here is logged.
 */
export class RoomPresence {
  /** Welcomed sockets: receive events and presence (change it through {@link join} and {@link part}). */
  get members(): ReadonlySet<RoomMember> {
    return this.welcomed;
  }
  private readonly welcomed = new Set<RoomMember>();
  /**
   * The same sockets as an array, for the fan-out of every event: an indexed loop over it makes
   * no iterator per event, and sockets join and part far less often than events are sent.
   */
  get fanout(): readonly RoomMember[] {
    return this.welcomedList;
  }
  private welcomedList: readonly RoomMember[] = [];
  /** The participants as written (their events committed): who presence lists. */
  readonly roster: ChatParticipant[];
  private lastPresence = encodePresence([]);

  constructor(roster: ChatParticipant[]) {
    this.roster = roster;
    this.lastPresence = this.presenceJson();
  }

  /**
   * Folds a written join or leave into the roster. Where the fold that decides intents holds the
   * same participant (it usually does: joins and leaves are rare between append and write), the
   * roster takes that object instead of an equal copy (64 B per participant of every room).
   */
  written(event: SessionEvent & { type: 'participant.joined' | 'participant.left' }, decided: readonly ChatParticipant[]): void {
    foldParticipant(this.roster, event);
    const id = event.type === 'participant.joined' ? event.participant.id : event.from;
    const i = this.roster.findIndex((p) => p.id === id);
    const mine = this.roster[i];
    const same = decided.find((p) => p.id === id);
    if (mine && same && same.name === mine.name && same.role === mine.role && same.joinedAt === mine.joinedAt && same.left === mine.left) this.roster[i] = same;
  }

  /** A socket was welcomed: it receives events and presence from now on. */
  join(member: RoomMember): void {
    if (this.welcomed.has(member)) return;
    this.welcomed.add(member);
    this.welcomedList = [...this.welcomed];
  }

  /** A socket closed; true if it had been welcomed. */
  part(member: RoomMember): boolean {
    if (!this.welcomed.delete(member)) return false;
    this.welcomedList = [...this.welcomed];
    return true;
  }

  presenceJson(): Json<PresenceEntry[]> {
    const connections = new Map<string, number>();
    const visible = new Set<string>();
    for (const member of this.members) {
      const { id } = member.participant;
      connections.set(id, (connections.get(id) ?? 0) + 1);
      if (!member.away) visible.add(id);
    }
    const entries: PresenceEntry[] = [];
    for (const p of this.roster) {
      const count = connections.get(p.id) ?? 0;
      if (p.left && count === 0) continue;
      entries.push({ id: p.id, name: p.name, role: p.role, online: count > 0, connections: count, away: count > 0 && !visible.has(p.id) });
    }
    return encodePresence(entries);
  }

  /** Sends presence to the room when it changed; never logged. */
  updatePresence(except: RoomMember | undefined): void {
    this.announce(this.presenceJson(), except);
  }

  /** Sends `presence` (made by {@link presenceJson}) to the room unless it is the one last sent. */
  announce(presence: Json<PresenceEntry[]>, except: RoomMember | undefined): void {
    if (presence === this.lastPresence) return;
    this.lastPresence = presence;
    this.broadcastPresence(presence, except);
  }

  /** A `typing` signal: fanned out to the participant's others. */
  typing(member: RoomMember, active: boolean): void {
    const notice = frameBytes(encodeTypingFrame(member.participant.id, active));
    for (const other of this.members) if (other.participant.id !== member.participant.id) other.send(notice);
  }

  /** A `status` signal: the socket's page is hidden or shown again. */
  status(member: RoomMember, away: boolean): void {
    if (member.away === away) return;
    member.away = away;
    this.updatePresence(undefined);
  }

  private broadcastPresence(presence: Json<PresenceEntry[]>, except: RoomMember | undefined): void {
    if (this.members.size === 0) return;
    const frame = frameBytes(encodePresenceFrame(presence));
    for (const member of this.members) if (member !== except) member.send(frame);
  }
}
