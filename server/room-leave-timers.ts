import type { RoomMember } from './room-member.js';

/**
 * Who said hello, per participant, and the grace timers that log `participant.left` when a
 * participant's last greeted socket closed and none came back within `leaveGraceMs`.
 */
export class LeaveTimers {
  /** Sockets that said hello (joining or welcomed), per participant: drives `participant.left`. */
  private readonly greeted = new Set<RoomMember>();
  private readonly greetedPerParticipant = new Map<string, number>();
  private readonly leaveTimers = new Map<string, NodeJS.Timeout>();
  /** Set when the room drains or breaks: no timer starts any more. */
  private stopped = false;

  /** @param left called when a participant's grace ran out (once per timer). */
  constructor(
    private readonly graceMs: number,
    private readonly left: (participantId: string) => void,
  ) {}

  /** Number of leaves pending (the room is not idle while one is). */
  get size(): number {
    return this.leaveTimers.size;
  }

  /** A socket said hello: it counts for its participant, whose pending leave (if any) is cancelled. */
  greet(member: RoomMember): void {
    const { id } = member.participant;
    this.greeted.add(member);
    this.greetedPerParticipant.set(id, (this.greetedPerParticipant.get(id) ?? 0) + 1);
    const timer = this.leaveTimers.get(id);
    if (timer) {
      clearTimeout(timer);
      this.leaveTimers.delete(id);
    }
  }

  /** A socket closed: when it was its participant's last greeted one, the leave timer starts. */
  ungreet(member: RoomMember): void {
    if (!this.greeted.delete(member)) return;
    const id = member.participant.id;
    const left = (this.greetedPerParticipant.get(id) ?? 1) - 1;
    if (left > 0) {
      this.greetedPerParticipant.set(id, left);
    } else {
      this.greetedPerParticipant.delete(id);
      this.scheduleLeave(id);
    }
  }

  /** The participant has a greeted socket open. */
  isGreeted(participantId: string): boolean {
    return this.greetedPerParticipant.has(participantId);
  }

  /** Clears every timer; none starts after this. */
  stop(): void {
    this.stopped = true;
    for (const timer of this.leaveTimers.values()) clearTimeout(timer);
    this.leaveTimers.clear();
  }

  private scheduleLeave(participantId: string): void {
    if (this.stopped || this.leaveTimers.has(participantId)) return;
    const timer = setTimeout(() => {
      this.leaveTimers.delete(participantId);
      this.left(participantId);
    }, this.graceMs);
    timer.unref();
    this.leaveTimers.set(participantId, timer);
  }
}
