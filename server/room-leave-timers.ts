import type { RoomMember } from './room-member.js';
import { without } from './room-presence.js';

/**
 * Who said hello, per participant, and the grace timers that log `participant.left` when a
 * participant's last greeted socket closed and none came back within `leaveGraceMs`.
 */
export class LeaveTimers {
  /**
   * Sockets that said hello (joining or welcomed): drives `participant.left`. An array, not a
   * set: a room has a handful, and a set costs about 150 B more in every loaded room.
   */
  private greeted: readonly RoomMember[] = [];
  /** Made with the first leave: most rooms have none pending. */
  private leaveTimers: Map<string, NodeJS.Timeout> | null = null;
  /** Set when the room drains or breaks: no timer starts any more. */
  private stopped = false;

  /** @param left called when a participant's grace ran out (once per timer). */
  constructor(
    private readonly graceMs: number,
    private readonly left: (participantId: string) => void,
  ) {}

  /** Number of leaves pending (the room is not idle while one is). */
  get size(): number {
    return this.leaveTimers?.size ?? 0;
  }

  /** A socket said hello: it counts for its participant, whose pending leave (if any) is cancelled. */
  greet(member: RoomMember): void {
    const { id } = member.participant;
    if (!this.greeted.includes(member)) this.greeted = this.greeted.concat(member);
    const timer = this.leaveTimers?.get(id);
    if (timer) {
      clearTimeout(timer);
      this.leaveTimers!.delete(id);
    }
  }

  /** A socket closed: when it was its participant's last greeted one, the leave timer starts. */
  ungreet(member: RoomMember): void {
    if (!this.greeted.includes(member)) return;
    this.greeted = without(this.greeted, member);
    const id = member.participant.id;
    if (!this.isGreeted(id)) this.scheduleLeave(id);
  }

  /**
   * The participant has a greeted socket open. A scan of the room's sockets (a handful; a count
   * per participant would be one more map in every loaded room, for a check made on closes).
   */
  isGreeted(participantId: string): boolean {
    for (const member of this.greeted) if (member.participant.id === participantId) return true;
    return false;
  }

  /** Clears every timer; none starts after this. */
  stop(): void {
    this.stopped = true;
    for (const timer of this.leaveTimers?.values() ?? []) clearTimeout(timer);
    this.leaveTimers = null;
  }

  private scheduleLeave(participantId: string): void {
    if (this.stopped || this.leaveTimers?.has(participantId)) return;
    const timers = (this.leaveTimers ??= new Map());
    const timer = setTimeout(() => {
      timers.delete(participantId);
      this.left(participantId);
    }, this.graceMs);
    timer.unref();
    timers.set(participantId, timer);
  }
}
