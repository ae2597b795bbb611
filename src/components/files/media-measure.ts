/**
 * What the sender's browser measures of an audio or video file before sharing it (its own
 * chunk, loaded for the first such file): the playing time, carried as `media.durationMs` so
 * every card can show it without a request, and for a video a poster frame, carried as the
 * share's thumbnail. A detached `<audio>` / `<video preload="metadata">` reads the file from a
 * `blob:` URL (revoked after); nothing is uploaded or fetched for it.
 */
import { thumbnailOfBitmap } from './thumbnails.js';

/** What was measured; a field the browser could not read is left out. */
export interface MediaMeasurement {
  durationMs?: number;
  /** A `data:image/webp|jpeg;base64,…` frame of a video, within `MAX_THUMBNAIL_LENGTH`. */
  poster?: string;
}

/** The whole measurement gives up after this long (a file the browser cannot decode fails sooner). */
const TIMEOUT_MS = 10_000;
/** The poster is the frame at 1 s, or at a tenth of a shorter clip (the first frame is often black). */
const POSTER_AT_S = 1;

/** One measurement per file: the thumbnail and the media hooks of a share ask for the same one. */
const measured = new WeakMap<Blob, Promise<MediaMeasurement>>();

/** Measures `file` as audio or video (see the module); never rejects: what failed is left out. */
export function measureMedia(file: Blob, kind: 'audio' | 'video'): Promise<MediaMeasurement> {
  let measurement = measured.get(file);
  if (!measurement) measured.set(file, (measurement = measure(file, kind)));
  return measurement;
}

async function measure(file: Blob, kind: 'audio' | 'video'): Promise<MediaMeasurement> {
  const deadline = Date.now() + TIMEOUT_MS;
  const media = document.createElement(kind);
  media.preload = 'metadata';
  media.muted = true;
  const url = URL.createObjectURL(file);
  const result: MediaMeasurement = {};
  try {
    media.src = url;
    await until(media, 'loadedmetadata', deadline);
    if (media.duration === Infinity) {
      // A recording written as it was made (MediaRecorder's WebM) names no duration: seeking
      // past its end makes the browser read it.
      media.currentTime = Number.MAX_SAFE_INTEGER;
      await until(media, 'durationchange', deadline, () => Number.isFinite(media.duration));
    }
    const seconds = media.duration;
    if (Number.isFinite(seconds) && seconds >= 0) result.durationMs = Math.round(seconds * 1000);
    if (media instanceof HTMLVideoElement && media.videoWidth > 0) {
      result.poster = await posterOf(media, Number.isFinite(seconds) ? Math.min(POSTER_AT_S, seconds / 10) : 0, deadline).catch(() => undefined);
    }
  } catch {
    // Not decodable here, or too slow: share without it.
  } finally {
    media.removeAttribute('src');
    media.load();
    URL.revokeObjectURL(url);
  }
  return result;
}

/** The frame at `at` seconds as a thumbnail. */
async function posterOf(video: HTMLVideoElement, at: number, deadline: number): Promise<string | undefined> {
  const seeked = until(video, 'seeked', deadline);
  video.currentTime = at;
  await seeked;
  if (video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA) await until(video, 'loadeddata', deadline);
  const bitmap = await createImageBitmap(video);
  try {
    return await thumbnailOfBitmap(bitmap);
  } finally {
    bitmap.close();
  }
}

/** Resolves on `type` once `done()` holds; rejects on the element's `error` or at `deadline`. */
function until(media: HTMLMediaElement, type: string, deadline: number, done: () => boolean = () => true): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (done()) finish();
    };
    const failed = () => finish(new Error(`the media cannot be read (${media.error?.code ?? 'unknown'})`));
    const timer = setTimeout(() => finish(new Error(`no ${type} in time`)), Math.max(0, deadline - Date.now()));
    function finish(error?: Error): void {
      clearTimeout(timer);
      media.removeEventListener(type, check);
      media.removeEventListener('error', failed);
      if (error) reject(error);
      else resolve();
    }
    media.addEventListener(type, check);
    media.addEventListener('error', failed);
  });
}
