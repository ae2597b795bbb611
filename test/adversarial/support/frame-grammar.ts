/**
 * A small grammar-based fuzzer of client frames: valid frames of every kind (the grammar),
 * then one mutation each, chosen by a seeded generator so that a run can be replayed. A
 * mutation breaks a frame the way a hostile or broken client would: wrong types, huge numbers,
 * deep nesting, prototype keys, odd unicode, long strings, truncation, forged fields.
 */
import { PROTOCOL_VERSION } from '../../../src/protocol/index.js';

/** A frame to send: its text (or raw bytes) and the kind of mutation that made it. */
export interface FuzzFrame {
  kind: string;
  data: string | Buffer;
  /** Send as a binary WebSocket frame. */
  binary?: boolean;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Frame = { [key: string]: Json };

const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

/** Valid frames of every kind a client sends; `targets` are real message ids where there are some. */
function grammar(pick: <T>(items: readonly T[]) => T, n: number, targets: readonly string[]): Frame[] {
  const clientId = `fz-${n}`;
  const target = targets.length > 0 ? pick(targets) : 'm-unknown';
  return [
    { type: 'hello', v: PROTOCOL_VERSION, resume: { epoch: 'e', seq: 3 } },
    { type: 'message', clientId, text: `fuzz ${n}` },
    { type: 'message', clientId, text: 'a reply', replyTo: target },
    { type: 'edit', clientId, target, text: 'edited', notify: true },
    { type: 'delete', clientId, target },
    { type: 'react', clientId, target, emoji: '👍' },
    { type: 'end', clientId },
    { type: 'share', clientId, uploadId: '0123456789abcdef0123456789abcdef', caption: 'see', thumbnail: PNG },
    { type: 'typing', active: true },
    { type: 'status', away: false },
    { type: 'receipt', delivered: 1, read: 1 },
    { type: 'ping' },
  ];
}

const WRONG_TYPES: Json[] = [0, -1, true, false, null, [], {}, '', 'string', [1, 'two', null], { a: 1 }];
const HUGE_NUMBERS = ['1e308', '-1e308', '1e999', '9007199254740993', '-0', '1.5', '0.000001', '123456789012345678901234567890'];
const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__'];
const UNICODE = [
  '\ud800',
  '\udfff',
  '\u202e',
  '\u0000',
  '\u001b[2J',
  '\ufeff',
  '\uffff',
  '😀'.repeat(100),
  'e\u0301'.repeat(500),
  '\u200b\u200d\u2066',
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
  '"\\/\b\f\n\r\t',
];
const FORGED: Frame = { from: 'tom', seq: 1, id: 'forged', at: 0, role: 'admin', participantId: 'tom', epoch: 'x' };

function nested(depth: number, array: boolean): Json {
  let value: Json = 1;
  for (let i = 0; i < depth; i++) value = array ? [value] : { a: value };
  return value;
}

/** The fuzzer: `next()` gives the next frame of a reproducible sequence. */
export class FrameFuzzer {
  private readonly random: () => number;
  private n = 0;
  /** Message ids the fuzzer aims edits, deletes, reactions and replies at. */
  targets: string[] = [];

  constructor(random: () => number) {
    this.random = random;
  }

  private int(max: number): number {
    return Math.floor(this.random() * max);
  }

  private pick = <T>(items: readonly T[]): T => items[this.int(items.length)]!;

  next(): FuzzFrame {
    const n = this.n++;
    const base = this.pick(grammar(this.pick, n, this.targets));
    const fields = Object.keys(base).filter((k) => k !== 'type');
    const field = fields.length > 0 ? this.pick(fields) : 'type';
    const frame: Frame = { ...base };
    const text = (): string => JSON.stringify(frame);
    switch (this.pick(MUTATIONS)) {
      case 'valid':
        return { kind: 'valid', data: text() };
      case 'wrong-type':
        frame[field] = this.pick(WRONG_TYPES);
        return { kind: 'wrong-type', data: text() };
      case 'huge-number': {
        const json = text();
        const key = JSON.stringify(field);
        const at = json.indexOf(`${key}:`);
        return { kind: 'huge-number', data: `${json.slice(0, at)}${key}:${this.pick(HUGE_NUMBERS)},${json.slice(at)}` };
      }
      case 'nested':
        frame[field] = nested(1 + this.int(3000), this.random() < 0.5);
        return { kind: 'nested', data: text() };
      case 'prototype-key': {
        const key = this.pick(PROTOTYPE_KEYS);
        const value = this.pick<Json>([{ type: 'ping' }, 0, null, { toString: 0, valueOf: 0 }, 'x']);
        const json = text();
        // Written into the text: an object literal would not make "__proto__" an own key.
        if (this.random() < 0.5) return { kind: 'prototype-key', data: `{${JSON.stringify(key)}:${JSON.stringify(value)},${json.slice(1)}` };
        frame[field] = JSON.parse(`{${JSON.stringify(key)}:${JSON.stringify(value)}}`) as Json;
        return { kind: 'prototype-key', data: text() };
      }
      case 'hostile-type':
        frame.type = this.pick<Json>([{ toString: 0, valueOf: 0 }, [{ toString: 0 }], { toString: 'x' }, nested(2000, true), 1e308, null]);
        return { kind: 'hostile-type', data: text() };
      case 'unicode':
        frame[field] = this.pick(UNICODE);
        return { kind: 'unicode', data: text() };
      case 'long-string':
        frame[field] = 'x'.repeat(this.pick([1_000, 10_001, 40_000, 70_000, 140_000]));
        return { kind: 'long-string', data: text() };
      case 'truncate': {
        const json = text();
        return { kind: 'truncate', data: json.slice(0, this.int(json.length)) };
      }
      case 'type-swap':
        frame.type = this.pick(['message', 'edit', 'delete', 'react', 'end', 'share', 'typing', 'status', 'receipt', 'ping', 'hello', 'welcome', 'ack', 'error', 'MESSAGE', ' message', '']);
        return { kind: 'type-swap', data: text() };
      case 'drop-field':
        delete frame[field];
        return { kind: 'drop-field', data: text() };
      case 'forged-fields':
        return { kind: 'forged-fields', data: JSON.stringify({ ...frame, ...FORGED, type: frame.type }) };
      case 'duplicate-key': {
        const json = text();
        return { kind: 'duplicate-key', data: `{"type":${JSON.stringify(this.pick(['ping', 'end', 'hello', 'nope']))},${json.slice(1)}` };
      }
      case 'not-object':
        return { kind: 'not-object', data: this.pick(['[]', '"message"', '42', 'null', 'true', '', ' ', '{}', '[{"type":"ping"}]']) };
      case 'binary':
        return { kind: 'binary', data: Buffer.from(text()), binary: true };
      default:
        throw new Error('unreachable');
    }
  }
}

const MUTATIONS = [
  'valid',
  'wrong-type',
  'wrong-type',
  'huge-number',
  'nested',
  'prototype-key',
  'prototype-key',
  'hostile-type',
  'unicode',
  'unicode',
  'long-string',
  'truncate',
  'truncate',
  'type-swap',
  'drop-field',
  'forged-fields',
  'duplicate-key',
  'not-object',
  'binary',
] as const;

/** Named frames from the hardening findings and the protocol's corners, each sent as is. */
export const CORPUS: readonly FuzzFrame[] = [
  { kind: 'corpus', data: '{"type":{"toString":0,"valueOf":0}}' },
  { kind: 'corpus', data: '{"type":[{"toString":0,"valueOf":0}]}' },
  { kind: 'corpus', data: `{"type":${'['.repeat(20000)}${']'.repeat(20000)}}` },
  { kind: 'corpus', data: '{"type":"hello","v":1,"resume":{"epoch":{"toString":0},"seq":1}}' },
  { kind: 'corpus', data: '{"type":"react","clientId":"c1","target":"m","emoji":"FREE-MONEY:http://evil.test"}' },
  { kind: 'corpus', data: '{"type":"react","clientId":"c2","target":"m","emoji":"\\u0000"}' },
  { kind: 'corpus', data: '{"type":"react","clientId":"c3","target":"m","emoji":"\\u001b[31m"}' },
  { kind: 'corpus', data: '{"type":"react","clientId":"c4","target":"m","emoji":"\\u202e"}' },
  { kind: 'corpus', data: '{"type":"message","clientId":"c5","text":"hi","from":"tom","seq":1}' },
  { kind: 'corpus', data: '{"__proto__":{"type":"ping"}}' },
  { kind: 'corpus', data: '{"type":"constructor"}' },
  { kind: 'corpus', data: '{"type":"receipt","delivered":1e999}' },
  { kind: 'corpus', data: '{"type":"receipt","delivered":-1}' },
  { kind: 'corpus', data: '{"type":"message","clientId":"../../etc","text":"x"}' },
  { kind: 'corpus', data: '{"type":"share","clientId":"c6","uploadId":"../../../etc/passwd"}' },
  { kind: 'corpus', data: '{"type":"edit","clientId":"c7","target":"m","text":"x","notify":"yes"}' },
  { kind: 'corpus', data: '\u0000' },
  { kind: 'corpus', data: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]) },
];
