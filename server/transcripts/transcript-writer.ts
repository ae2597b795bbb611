import { writeHtml } from './html-transcript.js';
import { writeJson } from './json-transcript.js';
import { writePlainText } from './plain-text.js';
import { buildTranscriptModel, type TranscriptInput } from './transcript-model.js';

export type TranscriptFormat = 'txt' | 'json' | 'html';

export const TRANSCRIPT_CONTENT_TYPES: Record<TranscriptFormat, string> = {
  txt: 'text/plain; charset=utf-8',
  json: 'application/json; charset=utf-8',
  html: 'text/html; charset=utf-8',
};

/**
 * Writes the three transcript files of a session from its log. Deterministic: the same log
 * (and checksums) gives byte-identical files; nothing reads the clock or the locale.
 */
export function writeTranscripts(input: TranscriptInput): Record<TranscriptFormat, string> {
  const model = buildTranscriptModel(input);
  return { txt: writePlainText(model), json: writeJson(model), html: writeHtml(model) };
}
