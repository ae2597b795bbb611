import fc from 'fast-check';
import type { TransferEndIntentFrame, TransferOfferIntentFrame, TransferSignal, TransferSignalFrame, TransferSignalNoticeFrame } from '../../../src/protocol/index.js';

// Generators of the live transfers' events and frames for the protocol's round-trip test.

const record = <T>(model: { [K in keyof T]: fc.Arbitrary<T[K]> }): fc.Arbitrary<T> => fc.record(model, { noNullPrototype: true }) as fc.Arbitrary<T>;
const anyId = fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/);
const anyText = fc.string({ maxLength: 40 });
const position = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER });
/** Names as the relay keeps them (its parser sanitizes what it reads). */
const fileName = fc.stringMatching(/^[A-Za-z0-9._-][A-Za-z0-9 ._-]{0,30}[A-Za-z0-9._-]$/);

export const outcome = fc.constantFrom('completed' as const, 'cancelled' as const, 'failed' as const);
export const receivers = fc.array(record({ id: anyId, outcome: fc.constantFrom('completed' as const, 'declined' as const, 'cancelled' as const, 'failed' as const) }), { maxLength: 3 });
export const sha256 = fc.stringMatching(/^[0-9a-f]{64}$/);
export const transferInfo = record({ name: anyText, size: position, type: anyText, to: fc.array(anyId, { maxLength: 3 }) });

const signal: fc.Arbitrary<TransferSignal> = fc.oneof(
  fc.constantFrom<TransferSignal>({ kind: 'accept' }, { kind: 'decline' }, { kind: 'relay' }),
  record({ kind: fc.constant('description' as const), sdpType: fc.constantFrom('offer' as const, 'answer' as const), sdp: anyText }),
  fc
    .tuple(record({ kind: fc.constant('candidate' as const), candidate: fc.option(anyText, { nil: null }) }), fc.record({ sdpMid: anyId, sdpMLineIndex: fc.nat(8) }, { requiredKeys: [], noNullPrototype: true }))
    .map(([required, optional]) => ({ ...required, ...optional })),
);

export const transferFrames = {
  notice: record<TransferSignalNoticeFrame>({ type: fc.constant('transfer-signal' as const), transfer: anyId, from: anyId, signal }),
  client: {
    'transfer-offer': record<TransferOfferIntentFrame>({
      type: fc.constant('transfer-offer' as const),
      clientId: anyId,
      name: fileName,
      size: position,
      mime: fc.constantFrom('application/octet-stream', 'video/mp4', 'application/x-iso9660-image'),
    }),
    'transfer-end': fc
      .tuple(
        record({ type: fc.constant('transfer-end' as const), clientId: anyId, target: anyId, outcome, receivers }),
        fc.record({ sha256 }, { requiredKeys: [], noNullPrototype: true }),
      )
      .map(([required, optional]): TransferEndIntentFrame => ({ ...required, ...optional })),
    'transfer-signal': record<TransferSignalFrame>({ type: fc.constant('transfer-signal' as const), transfer: anyId, to: anyId, signal }),
  },
};
