import type { Duplex } from 'node:stream';

/**
 * Coalesces a socket's outgoing frames of one tick into one `writev`: the first send to a
 * socket corks it, and every corked socket is uncorked in a microtask, i.e. once the current
 * callback (a batch of commits, a read of frames) is done. `ws` writes each frame with its
 * own syscall otherwise; under load a socket often gets several frames (acks, events,
 * presence) in the same tick.
 */
export class SendBatcher {
  private corked: Duplex[] = [];
  private scheduled = false;

  private readonly flush = (): void => {
    this.scheduled = false;
    const sockets = this.corked;
    this.corked = [];
    for (const socket of sockets) socket.uncork();
  };

  /** Call before writing to `socket`; cheap when it is already corked for this tick. */
  hold(socket: Duplex): void {
    if (socket.writableCorked > 0 || socket.destroyed) return;
    socket.cork();
    this.corked.push(socket);
    if (!this.scheduled) {
      this.scheduled = true;
      queueMicrotask(this.flush);
    }
  }
}
