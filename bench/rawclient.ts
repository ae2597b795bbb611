/**
 * A WebSocket client over raw TCP for the load generator: the HTTP upgrade is written by hand,
 * server frames are parsed from their headers only, and a data frame's payload is only scanned
 * for the embedded send timestamp (`~T` + 12 digits, microseconds). No JSON parsing, no UTF-8
 * decoding, no per-frame allocation on the hot path (reads land in one shared buffer).
 */
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { clientFrame } from './wsframe.js';
import { nowUs, type Sink } from './sink.js';

export const MARK = '~T';
export const STAMP_DIGITS = 12;
const TILDE = 0x7e;
const T = 0x54;

/** All sockets read into this buffer; callbacks run synchronously, so sharing it is safe. */
const READ_BUFFER = Buffer.allocUnsafe(1 << 20);
const CRLFCRLF = Buffer.from('\r\n\r\n');
const EIO_PONG = clientFrame('3');

export interface ConnectOptions {
  port: number;
  path: string;
  sink: Sink;
  /** Answer engine.io pings (a text frame "2") with "3". */
  engineIo?: boolean;
}

export class RawConn {
  readonly socket: net.Socket;
  /** A sender's received copies count as acks, everyone else's as deliveries. */
  isSender = false;
  /**
   * Until `running` is set, text frames are queued as strings for the handshake (a server may
   * send its first frame in the same packet as the 101 answer); afterwards they are only scanned.
   */
  running = false;

  /** Ends the handshake: from now on frames are only scanned for timestamps. */
  startRunning(): void {
    this.running = true;
    this.setupFrames.length = 0;
  }
  private readonly setupFrames: string[] = [];
  private setupWaiter: (() => void) | null = null;
  closeCode: number | undefined;
  closed = false;
  private upgraded = false;
  private pending: Buffer | null = null;
  private readonly sink: Sink;
  private readonly engineIo: boolean;

  private constructor(options: ConnectOptions, onUpgrade: (error?: Error) => void) {
    this.sink = options.sink;
    this.engineIo = options.engineIo ?? false;
    let settled = false;
    const settle = (error?: Error): void => {
      if (settled) return;
      settled = true;
      onUpgrade(error);
    };
    this.socket = net.connect({
      host: '127.0.0.1',
      port: options.port,
      noDelay: true,
      onread: {
        buffer: READ_BUFFER,
        callback: (n: number) => {
          this.onBytes(n, settle);
          return true;
        },
      },
    });
    this.socket.on('connect', () => {
      const key = randomBytes(16).toString('base64');
      this.socket.write(
        `GET ${options.path} HTTP/1.1\r\nHost: 127.0.0.1:${options.port}\r\nUpgrade: websocket\r\n` +
          `Connection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      );
    });
    this.socket.on('error', (error) => settle(error));
    this.socket.on('close', () => {
      this.closed = true;
      settle(new Error('connection closed during the upgrade'));
    });
  }

  static connect(options: ConnectOptions): Promise<RawConn> {
    return new Promise((resolve, reject) => {
      const conn: RawConn = new RawConn(options, (error) => (error ? reject(error) : resolve(conn)));
    });
  }

  /** The next text frame received during the handshake. */
  async nextText(timeoutMs: number, what: string): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (this.setupFrames.length === 0) {
      if (this.closed) throw new Error(`connection closed waiting for ${what} (close code ${this.closeCode ?? 'none'})`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const done = (): void => {
          clearTimeout(timer);
          this.socket.off('close', done);
          resolve();
        };
        const timer = setTimeout(done, left);
        this.setupWaiter = done;
        this.socket.once('close', done);
      });
      this.setupWaiter = null;
    }
    return this.setupFrames.shift()!;
  }

  write(frame: Buffer): void {
    if (!this.closed) this.socket.write(frame);
  }

  destroy(): void {
    this.socket.destroy();
  }

  private onBytes(n: number, settle: (error?: Error) => void): void {
    let data: Buffer;
    if (this.pending) {
      data = Buffer.concat([this.pending, READ_BUFFER.subarray(0, n)]);
      this.pending = null;
    } else {
      data = READ_BUFFER.subarray(0, n);
    }
    let pos = 0;
    if (!this.upgraded) {
      const end = data.indexOf(CRLFCRLF);
      if (end < 0) {
        this.pending = Buffer.from(data);
        return;
      }
      const head = data.toString('latin1', 0, end);
      if (!head.startsWith('HTTP/1.1 101')) {
        settle(new Error(`upgrade refused: ${head.split('\r\n')[0]}`));
        this.socket.destroy();
        return;
      }
      this.upgraded = true;
      pos = end + 4;
      settle();
    }
    this.parseFrames(data, pos);
  }

  private parseFrames(data: Buffer, start: number): void {
    const len = data.length;
    let pos = start;
    const now = nowUs();
    while (pos + 2 <= len) {
      const opcode = data[pos]! & 0x0f;
      let size = data[pos + 1]! & 0x7f;
      let head = 2;
      if (size === 126) {
        if (pos + 4 > len) break;
        size = data.readUInt16BE(pos + 2);
        head = 4;
      } else if (size === 127) {
        if (pos + 10 > len) break;
        size = data.readUInt32BE(pos + 2) * 2 ** 32 + data.readUInt32BE(pos + 6);
        head = 10;
      }
      const from = pos + head;
      const to = from + size;
      if (to > len) break;
      this.onFrame(opcode, data, from, to, now);
      pos = to;
    }
    if (pos < len) this.pending = Buffer.from(data.subarray(pos));
  }

  private onFrame(opcode: number, data: Buffer, from: number, to: number, now: number): void {
    if (opcode === 1 || opcode === 0) {
      if (!this.running) {
        this.setupFrames.push(data.toString('utf8', from, to));
        this.setupWaiter?.();
        return;
      }
      if (this.engineIo && to - from === 1 && data[from] === 0x32) {
        this.write(EIO_PONG);
        return;
      }
      let i = data.indexOf(TILDE, from);
      while (i >= 0 && i + 2 + STAMP_DIGITS <= to) {
        if (data[i + 1] === T) {
          let sent = 0;
          for (let k = i + 2; k < i + 2 + STAMP_DIGITS; k++) sent = sent * 10 + (data[k]! - 48);
          if (this.isSender) this.sink.onAck(now - sent);
          else this.sink.onDelivered(now - sent);
          return;
        }
        i = data.indexOf(TILDE, i + 1);
      }
    } else if (opcode === 9) {
      this.write(clientFrame(Buffer.from(data.subarray(from, to)), 10));
    } else if (opcode === 8) {
      this.closeCode = to - from >= 2 ? data.readUInt16BE(from) : 1005;
      this.write(clientFrame(Buffer.alloc(0), 8));
      this.socket.end();
    }
  }
}
