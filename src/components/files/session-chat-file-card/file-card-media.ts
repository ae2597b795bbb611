/**
 * Audio and video on a file card: which files play in the message itself, the inline player,
 * the duration as the card shows it, and the rule that only one inline player plays at a time.
 */
import { html, nothing } from 'lit';
import type { ChatFile } from '../../../protocol/index.js';

/** A file with a known duration plays inline up to this size and this long… */
export const INLINE_MAX_BYTES = 25 * 1024 * 1024;
export const INLINE_MAX_MS = 5 * 60 * 1000;
/** …and one whose duration the sender could not measure, up to this size. */
export const INLINE_MAX_BYTES_UNTIMED = 10 * 1024 * 1024;

/**
 * Whether a playable audio or video file gets a player in the message (a short clip), rather
 * than only the Preview and Download buttons (a film is better in the dialog or downloaded).
 */
export function playsInline(file: Pick<ChatFile, 'size' | 'media'>): boolean {
  const ms = file.media?.durationMs;
  return ms === undefined ? file.size <= INLINE_MAX_BYTES_UNTIMED : file.size <= INLINE_MAX_BYTES && ms <= INLINE_MAX_MS;
}

/** A playing time as players show it: `0:07`, `1:05`, `1:02:03` (digits of `lang`). */
export function formatDuration(ms: number, lang: string): string {
  const total = ms > 0 ? Math.max(1, Math.round(ms / 1000)) : 0;
  const [h, m, s] = [Math.floor(total / 3600), Math.floor(total / 60) % 60, total % 60];
  const n = new Intl.NumberFormat(lang, { useGrouping: false });
  const nn = new Intl.NumberFormat(lang, { minimumIntegerDigits: 2, useGrouping: false });
  return h ? `${n.format(h)}:${nn.format(m)}:${nn.format(s)}` : `${n.format(m)}:${nn.format(s)}`;
}

/** The same time for `<time datetime>` (`PT1M5S`). */
export function isoDuration(ms: number): string {
  return `PT${Math.round(ms / 1000)}S`;
}

/** The inline player that plays now, if any. */
let playing: HTMLMediaElement | null = null;

function played(event: Event): void {
  const media = event.currentTarget as HTMLMediaElement;
  if (playing !== media) playing?.pause();
  playing = media;
}

function paused(event: Event): void {
  if (playing === event.currentTarget) playing = null;
}

/** Pauses the inline player that plays (a preview opens). */
export function pauseInlinePlayer(): void {
  playing?.pause();
}

/**
 * `<audio>` / `<video controls preload="none">` streaming `src` (the relay's file URL with its
 * token: the element fetches byte ranges itself, so nothing loads before Play and seeking reads
 * only what it needs). `label` is its accessible name; a video shows `poster` until it plays.
 */
export function inlinePlayer(kind: 'audio' | 'video', src: string, label: string, poster: string) {
  return kind === 'video'
    ? html`<video class="player" part="player" controls preload="none" playsinline src=${src} poster=${poster || nothing} aria-label=${label} @play=${played} @pause=${paused}></video>`
    : html`<audio class="player" part="player" controls preload="none" src=${src} aria-label=${label} @play=${played} @pause=${paused}></audio>`;
}
