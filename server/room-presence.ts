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
  /**
   * Welcomed sockets: receive events and presence (change it through {@link join} and
   * {@link part}). A new array on every join and part, so a loop over it is never changed under
   * it (a send can close a slow socket), and the fan-out of every event iterates it by index.
   * Sockets join and part far less often than events are sent.
   */
  get members(): readonly RoomMember[] {
    return this.welcomed;
  }
  private welcomed: readonly RoomMember[] = [];
  /** The participants as written (their events committed): who presence lists. */
  readonly roster: ChatParticipant[];
  /** Counts the changes of {@link roster}; with {@link sentStates}, what presence was last sent. */
  private rosterVersion = 0;
  private sentVersion = 0;
  /**
   * Per roster entry, as last sent: sockets × 2, plus 1 when one of them is visible. With the
   * roster's version this determines the presence list exactly, so the relay keeps these few
   * numbers instead of the list's text (about 500 B in every loaded room).
   */
  private sentStates: readonly number[];

  constructor(roster: ChatParticipant[]) {
    this.roster = roster;
    this.sentStates = this.states();
  }

  /**
   * Folds a written join or leave into the roster. Where the fold that decides intents holds the
   * same participant (it usually does: joins and leaves are rare between append and write), the
   * roster takes that object instead of an equal copy (64 B per participant of every room).
   */
  written(event: SessionEvent & { type: 'participant.joined' | 'participant.left' }, decided: readonly ChatParticipant[]): void {
    foldParticipant(this.roster, event);
    this.rosterVersion++;
    const id = event.type === 'participant.joined' ? event.participant.id : event.from;
    const i = this.roster.findIndex((p) => p.id === id);
    const mine = this.roster[i];
    const same = decided.find((p) => p.id === id);
    if (mine && same && same.name === mine.name && same.role === mine.role && same.joinedAt === mine.joinedAt && same.left === mine.left) this.roster[i] = same;
  }

  /** A socket was welcomed: it receives events and presence from now on. */
  join(member: RoomMember): void {
    if (this.welcomed.includes(member)) return;
    this.welcomed = this.welcomed.concat(member);
  }

  /** A socket closed; true if it had been welcomed. */
  part(member: RoomMember): boolean {
    if (!this.welcomed.includes(member)) return false;
    this.welcomed = without(this.welcomed, member);
    return true;
  }

  /** The presence list now, as its JSON text. */
  presenceJson(): Json<PresenceEntry[]> {
    return this.encode(this.states());
  }

  /**
   * Sends presence to the room when it differs from what was last sent; never logged.
   * `except`: a socket that has it already (the one just welcomed: its welcome carried it).
   */
  updatePresence(except: RoomMember | undefined): void {
    const states = this.states();
    if (this.sentVersion === this.rosterVersion && sameNumbers(states, this.sentStates)) return;
    this.sentVersion = this.rosterVersion;
    this.sentStates = states;
    this.broadcastPresence(this.encode(states), except);
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

  /** Per roster entry: its welcomed sockets × 2, plus 1 when one of them is visible (not away). */
  private states(): number[] {
    const states = this.roster.map(() => 0);
    for (const member of this.welcomed) {
      const i = this.roster.findIndex((p) => p.id === member.participant.id);
      if (i < 0) continue;
      states[i] = (states[i]! + 2) | (member.away ? 0 : 1);
    }
    return states;
  }

  private encode(states: readonly number[]): Json<PresenceEntry[]> {
    const entries: PresenceEntry[] = [];
    this.roster.forEach((p, i) => {
      const count = states[i]! >> 1;
      if (p.left && count === 0) return;
      entries.push({ id: p.id, name: p.name, role: p.role, online: count > 0, connections: count, away: count > 0 && (states[i]! & 1) === 0 });
    });
    return encodePresence(entries);
  }

  private broadcastPresence(presence: Json<PresenceEntry[]>, except: RoomMember | undefined): void {
    if (this.welcomed.length === 0) return;
    const frame = frameBytes(encodePresenceFrame(presence));
    for (const member of this.members) if (member !== except) member.send(frame);
  }
}

/**
 * `list` without `item`, in an array of exactly that length (`concat` makes exact arrays too;
 * `push` and `filter` leave room for 16 more, 128 B in every loaded room).
 */
export function without<T>(list: readonly T[], item: T): T[] {
  const at = list.indexOf(item);
  return at < 0 ? list.slice() : list.slice(0, at).concat(list.slice(at + 1));
}

function sameNumbers(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
