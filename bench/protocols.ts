/**
 * What the generator says to each server: the URL of a participant, the handshake after the
 * WebSocket upgrade, and the message a sender sends (as a pre-masked template).
 */
import { createToken } from '../server/tokens.js';
import { RawConn, MARK } from './rawclient.js';
import { clientFrame, FrameTemplate } from './wsframe.js';

export type ServerKind = 'ws' | 'socketio' | 'relay';

export const CLIENT_ID_FIELD = 'CCCCCCCCCCCC';
export const STAMP_FIELD = 'SSSSSSSSSSSS';

const FILLER =
  ' lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore ' +
  'et dolore magna aliqua. ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip ' +
  'ex ea commodo consequat. duis aute irure dolor in reprehenderit in voluptate velit esse cillum dolore.';

/** The message text: the send timestamp first, then filler up to `bytes` characters. */
export function messageText(bytes: number): string {
  const head = `${MARK}${STAMP_FIELD}`;
  let text = head;
  while (text.length < bytes) text += FILLER;
  return text.slice(0, bytes);
}

export interface Protocol {
  readonly kind: ServerKind;
  readonly engineIo: boolean;
  /** Called once with every (session, member) that will connect, before connecting. */
  prepare(participants: readonly { session: string; member: number }[]): Promise<void>;
  path(session: string, member: number): string;
  /** Runs after the upgrade; resolves when the participant is in its room. */
  handshake(conn: RawConn): Promise<void>;
  /** A message template with the fields [clientId counter, send timestamp in µs]. */
  template(textBytes: number): FrameTemplate;
}

const HANDSHAKE_TIMEOUT_MS = 30_000;

/** Reads handshake frames until `accept` returns true; rejects when it throws. */
async function awaitFrames(conn: RawConn, accept: (text: string) => boolean, what: string): Promise<void> {
  for (;;) {
    if (accept(await conn.nextText(HANDSHAKE_TIMEOUT_MS, what))) return;
  }
}

function jsonMessageTemplate(textBytes: number, prefix = '', suffix = ''): FrameTemplate {
  return new FrameTemplate(`${prefix}{"type":"message","clientId":"m${CLIENT_ID_FIELD}","text":"${messageText(textBytes)}"}${suffix}`, [
    CLIENT_ID_FIELD,
    STAMP_FIELD,
  ]);
}

export const bareWs: Protocol = {
  kind: 'ws',
  engineIo: false,
  async prepare() {},
  path: (session) => `/${session}`,
  async handshake() {},
  template: (textBytes) => jsonMessageTemplate(textBytes),
};

export const socketIo: Protocol = {
  kind: 'socketio',
  engineIo: true,
  async prepare() {},
  path: (session) => `/socket.io/?EIO=4&transport=websocket&room=${encodeURIComponent(session)}`,
  async handshake(conn) {
    await awaitFrames(conn, (t) => t.startsWith('0'), 'the engine.io open packet');
    conn.write(clientFrame('40'));
    await awaitFrames(conn, (t) => t.startsWith('40'), 'the socket.io CONNECT answer');
  },
  // Socket.IO event packet: 42["m",{...}] (engine.io "4" message + socket.io "2" event).
  template: (textBytes) =>
    new FrameTemplate(`42["m",{"clientId":"m${CLIENT_ID_FIELD}","text":"${messageText(textBytes)}"}]`, [
      CLIENT_ID_FIELD,
      STAMP_FIELD,
    ]),
};

export function relayProtocol(secret: string): Protocol {
  const tokens = new Map<string, string>();
  const key = (session: string, member: number): string => `${session}/${member}`;
  return {
    kind: 'relay',
    engineIo: false,
    async prepare(participants) {
      const missing = participants.filter((p) => !tokens.has(key(p.session, p.member)));
      for (let i = 0; i < missing.length; i += 500) {
        await Promise.all(
          missing.slice(i, i + 500).map(async ({ session, member }) => {
            const token = await createToken({
              secret,
              sessionId: session,
              role: member === 0 ? 'technician' : 'customer',
              name: `p${member}`,
              participantId: `${session}-p${member}`,
              ttl: '2h',
            });
            tokens.set(key(session, member), token);
          }),
        );
      }
    },
    path(session, member) {
      const token = tokens.get(key(session, member));
      if (!token) throw new Error(`no token minted for ${session}/${member}`);
      return `/ws/${encodeURIComponent(session)}?token=${token}`;
    },
    async handshake(conn) {
      conn.write(clientFrame('{"type":"hello","v":1}'));
      await awaitFrames(
        conn,
        (t) => {
          const frame = JSON.parse(t) as { type?: string; message?: string; code?: number };
          if (frame.type === 'error') throw new Error(`relay refused hello: ${frame.code} ${frame.message}`);
          return frame.type === 'welcome';
        },
        'the relay welcome',
      );
    },
    template: (textBytes) => jsonMessageTemplate(textBytes),
  };
}
