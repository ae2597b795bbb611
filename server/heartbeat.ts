import type { WebSocket } from 'ws';

/**
 * WebSocket-level liveness: every `intervalMs` each socket is pinged; a socket that has not
 * answered the previous ping with a pong is terminated (ws README, "How to detect and close
 * broken connections"). One timer for the whole relay.
 */
export class Heartbeat {
  private readonly alive = new Map<WebSocket, boolean>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly intervalMs: number,
    private readonly onTerminate: (ws: WebSocket) => void = () => {},
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.tick(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** One listener for every socket (`this` is the socket), not a closure per socket. */
  private readonly onPong = ((alive: Map<WebSocket, boolean>) =>
    function (this: WebSocket): void {
      if (alive.has(this)) alive.set(this, true);
    })(this.alive);

  add(ws: WebSocket): void {
    this.alive.set(ws, true);
    ws.on('pong', this.onPong);
  }

  delete(ws: WebSocket): void {
    this.alive.delete(ws);
  }

  private tick(): void {
    for (const [ws, alive] of this.alive) {
      if (!alive) {
        this.alive.delete(ws);
        this.onTerminate(ws);
        ws.terminate();
        continue;
      }
      this.alive.set(ws, false);
      try {
        ws.ping();
      } catch {
        // Not open (yet or any more): its close handler removes it.
      }
    }
  }
}
