import { WebSocket, type ClientOptions } from 'ws';
import { PROTOCOL_VERSION, parseServerFrame, type ServerFrame, type WelcomeFrame } from '../../../src/protocol/index.js';

type FrameOf<T extends ServerFrame['type']> = Extract<ServerFrame, { type: T }>;

export const DEFAULT_WAIT_MS = 3_000;

/**
 * A real `ws` client that records every frame from the relay in an inbox; `take(type)`
 * removes and returns the first frame of that type, waiting for it when needed.
 */
export class TestClient {
  readonly ws: WebSocket;
  readonly inbox: ServerFrame[] = [];
  /** Every frame ever received, in order (the inbox minus nothing). */
  readonly received: ServerFrame[] = [];
  closeCode: number | undefined;
  closeReason = '';
  private readonly closed: Promise<number>;
  private wake: (() => void) | null = null;

  private constructor(ws: WebSocket) {
    this.ws = ws;
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      // The client's own parser: a frame the relay sends that a client would reject fails the test.
      const frame = parseServerFrame(data.toString());
      this.inbox.push(frame);
      this.received.push(frame);
      this.wake?.();
    });
    this.closed = new Promise((resolve) => {
      ws.on('close', (code, reason) => {
        this.closeCode = code;
        this.closeReason = reason.toString();
        this.wake?.();
        resolve(code);
      });
    });
    ws.on('error', () => {});
  }

  /** Opens a socket; rejects with the HTTP status when the upgrade is refused. */
  static connect(url: string, options: ClientOptions = {}): Promise<TestClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, options);
      const client = new TestClient(ws);
      ws.once('open', () => resolve(client));
      ws.once('unexpected-response', (_req, res) => {
        reject(new Error(`upgrade refused with ${res.statusCode}`));
        res.resume();
      });
      ws.once('error', reject);
    });
  }

  /** Connects and says hello; resolves with the welcome. */
  static async join(url: string, resume?: { epoch: string; seq: number }, options: ClientOptions = {}): Promise<{ client: TestClient; welcome: WelcomeFrame }> {
    const client = await TestClient.connect(url, options);
    const welcome = await client.hello(resume);
    return { client, welcome };
  }

  send(frame: unknown): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  async hello(resume?: { epoch: string; seq: number }): Promise<WelcomeFrame> {
    this.send(resume ? { type: 'hello', v: PROTOCOL_VERSION, resume } : { type: 'hello', v: PROTOCOL_VERSION });
    return this.take('welcome');
  }

  /** Removes and returns the first frame of `type` (optionally matching `where`), waiting up to `timeoutMs`. */
  async take<T extends ServerFrame['type']>(type: T, where: (frame: FrameOf<T>) => boolean = () => true, timeoutMs = DEFAULT_WAIT_MS): Promise<FrameOf<T>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.inbox.findIndex((f) => f.type === type && where(f as FrameOf<T>));
      if (index >= 0) return this.inbox.splice(index, 1)[0] as FrameOf<T>;
      if (this.closeCode !== undefined) throw new Error(`socket closed (${this.closeCode}) while waiting for "${type}"`);
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(`no "${type}" frame within ${timeoutMs} ms; inbox: ${JSON.stringify(this.inbox).slice(0, 500)}`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = null;
    }
  }

  /** Takes `count` frames of `type`, in order of arrival. */
  async takeMany<T extends ServerFrame['type']>(type: T, count: number, timeoutMs = DEFAULT_WAIT_MS): Promise<FrameOf<T>[]> {
    const frames: FrameOf<T>[] = [];
    for (let i = 0; i < count; i++) frames.push(await this.take(type, () => true, timeoutMs));
    return frames;
  }

  /** Sends a message intent and waits for its ack (or throws on an error frame for it). */
  async say(text: string, clientId: string): Promise<FrameOf<'ack'>> {
    this.send({ type: 'message', clientId, text });
    return this.answer(clientId);
  }

  /** Sends any intent and waits for its ack (or throws on an error frame for it). */
  async answerTo(frame: { clientId: string } & Record<string, unknown>): Promise<FrameOf<'ack'>> {
    this.send(frame);
    return this.answer(frame.clientId);
  }

  /** The ack or error answering `clientId`, whichever comes first. */
  async answer(clientId: string, timeoutMs = DEFAULT_WAIT_MS): Promise<FrameOf<'ack'>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.inbox.findIndex(
        (f) => (f.type === 'ack' || f.type === 'error') && (f as { clientId?: string }).clientId === clientId,
      );
      if (index >= 0) {
        const frame = this.inbox.splice(index, 1)[0]!;
        if (frame.type === 'error') throw Object.assign(new Error(`${frame.name}: ${frame.message}`), { frame });
        return frame as FrameOf<'ack'>;
      }
      if (this.closeCode !== undefined) throw new Error(`socket closed (${this.closeCode}) while waiting for ${clientId}`);
      if (Date.now() > deadline) throw new Error(`no answer for ${clientId} within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  /** Resolves with the close code once the socket is closed. */
  whenClosed(timeoutMs = DEFAULT_WAIT_MS): Promise<number> {
    return Promise.race([
      this.closed,
      new Promise<number>((_, reject) => setTimeout(() => reject(new Error(`socket not closed within ${timeoutMs} ms`)), timeoutMs).unref()),
    ]);
  }

  async close(): Promise<void> {
    if (this.closeCode !== undefined) return;
    this.ws.close();
    await this.whenClosed().catch(() => this.ws.terminate());
  }
}

/** Waits a little so that frames that should NOT arrive have a chance to. */
export function settle(ms = 100): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
