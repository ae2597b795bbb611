import type { Logger } from 'pino';
import {
  RELAY_ACTOR_ID,
  type SessionEvent,
  type SessionState,
} from '../../src/protocol/index.js';
import type { SessionRoom } from '../session-room.js';
import type { OpenSessionMarks } from '../lifecycle/open-sessions.js';
import { sessionKey } from '../storage/session-key.js';
import { buildTranscriptModel } from './transcript-model.js';
import type { TranscriptRecord, TranscriptStore } from './transcript-store.js';
import { writeTranscripts, type TranscriptFormat } from './transcript-writer.js';
import type { WebhookSender } from './webhook.js';
import { isoUtc } from './time-format.js';

export interface TranscriptServiceOptions {
  store: TranscriptStore;
  marks: OpenSessionMarks;
  /** The loaded room of a session (loading it when needed). */
  room(sessionId: string): Promise<SessionRoom>;
  /** The session's customer reference (kept with its transcript record), when it has one. */
  customerOf?(sessionId: string): Promise<string | undefined>;
  /** The session's language (BCP 47), which the transcript's headings are written in; English without. */
  languageOf?(sessionId: string): Promise<string | undefined>;
  /** SHA-256 of shared files by id (from the blob store); empty when unknown. */
  checksums?(fileIds: string[]): Promise<Record<string, string>>;
  webhook: WebhookSender | undefined;
  /** Base URL for absolute links in webhooks (the relay's public URL). */
  publicUrl(): string;
  logger: Logger;
}

/** The transcript's URLs, relative to the relay. */
export function transcriptUrls(sessionId: string): Record<TranscriptFormat, string> {
  const base = `/api/transcripts/${encodeURIComponent(sessionId)}`;
  return { txt: `${base}.txt`, json: `${base}.json`, html: `${base}.html` };
}

/** The log up to the first end: what a transcript is written from (the same after any restart). */
function eventsUntilEnd(events: readonly SessionEvent[]): SessionEvent[] {
  const end = events.findIndex((e) => e.type === 'session.ended');
  return end < 0 ? [...events] : events.slice(0, end + 1);
}

function recordOf(
  sessionId: string,
  model: ReturnType<typeof buildTranscriptModel>,
  files: Record<TranscriptFormat, string>,
  customer: string | null,
): TranscriptRecord {
  const { state } = model;
  const endedBy = state.ended ? model.participant(state.ended.by) : null;
  return {
    sessionId,
    startedAt: model.startedAt === null ? null : isoUtc(model.startedAt),
    endedAt: isoUtc(state.ended?.at ?? 0),
    endedBy: endedBy ? { id: endedBy.id, name: endedBy.name, role: endedBy.role } : null,
    participants: state.participants.map((p) => ({ id: p.id, name: p.name, role: p.role })),
    messageCount: state.messages.filter((m) => !m.deleted && !m.file).length,
    fileCount: state.messages.filter((m) => m.file).length,
    customer,
    sizes: {
      txt: Buffer.byteLength(files.txt),
      json: Buffer.byteLength(files.json),
      html: Buffer.byteLength(files.html),
    },
  };
}

/**
 * Writes a session's transcript as soon as it ends: folds the log with the shared reducer,
 * stores the three files with the organisation's files, logs `transcript.ready` once, tells
 * the host's webhook, then clears the session's lifecycle mark. Safe to run again after a
 * restart: the files come out byte-identical and `transcript.ready` is not logged twice.
 */
export class TranscriptService {
  private readonly running = new Map<string, Promise<void>>();

  constructor(private readonly options: TranscriptServiceOptions) {}

  /** Produces the transcript of an ended session (once at a time per session). */
  produce(sessionId: string): Promise<void> {
    let run = this.running.get(sessionId);
    if (!run) {
      run = this.run(sessionId).catch((error: unknown) => {
        this.options.logger.error({ err: error, sessionId }, 'writing the transcript failed; it is retried when the relay restarts');
      });
      this.running.set(sessionId, run);
      void run.finally(() => this.running.delete(sessionId));
    }
    return run;
  }

  /** Resolves when every transcript being written is done (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running.values()]);
  }

  private async run(sessionId: string): Promise<void> {
    const { store, marks, logger } = this.options;
    let room = await this.options.room(sessionId);
    const events = eventsUntilEnd(await room.readEvents());
    const model = buildTranscriptModel({ sessionId, events });
    if (!model.state.ended) return;
    const fileIds = model.state.messages.flatMap((m) => (m.file ? [m.file.id] : []));
    const fileChecksums = fileIds.length && this.options.checksums ? await this.options.checksums(fileIds) : {};
    const lang = await this.options.languageOf?.(sessionId);
    const files = writeTranscripts({ sessionId, events, fileChecksums, ...(lang !== undefined ? { lang } : {}) });
    const customer = (await this.options.customerOf?.(sessionId)) ?? null;
    const record = recordOf(sessionId, buildTranscriptModel({ sessionId, events, fileChecksums }), files, customer);
    await store.save(record, files);

    const urls = transcriptUrls(sessionId);
    room = await this.options.room(sessionId);
    if (!alreadyAnnounced(room.state)) {
      await room.appendSystem({ type: 'transcript.ready', from: RELAY_ACTOR_ID, urls });
    }
    logger.info({ sessionId }, 'transcript written');

    if (!this.options.webhook) {
      marks.unmark(sessionId);
      return;
    }
    // The host is told in the background: a host that is down must not hold up the relay.
    const base = this.options.publicUrl().replace(/\/+$/, '');
    void this.options.webhook
      .deliver(
        {
          type: 'transcript.ready',
          sessionId,
          endedAt: record.endedAt,
          endedBy: record.endedBy,
          urls: { txt: base + urls.txt, json: base + urls.json, html: base + urls.html },
        },
        `transcript-${sessionKey(sessionId).slice(0, 32)}`,
      )
      .then((delivered) => {
        if (delivered) marks.unmark(sessionId);
        else logger.error({ sessionId }, 'the transcript webhook was not delivered; it is tried again when the relay restarts');
      });
  }
}

function alreadyAnnounced(state: Pick<SessionState, 'transcript'>): boolean {
  return state.transcript !== null;
}
