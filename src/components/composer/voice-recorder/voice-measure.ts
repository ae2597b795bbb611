import { MAX_WAVEFORM_LENGTH, type MediaInfo } from '../../../protocol/index.js';

/**
 * What a recorded voice message carries with its share (`media`): its playing time and the
 * loudness peaks its waveform is drawn from, measured here, once, by decoding the recording
 * with `AudioContext.decodeAudioData`, so that no one who plays it has to fetch the file to
 * draw it.
 */
export async function measureVoice(recording: Blob, recordedMs: number): Promise<MediaInfo> {
  try {
    const context = new OfflineAudioContext(1, 1, 48000);
    const buffer = await context.decodeAudioData(await recording.arrayBuffer());
    return { voice: true, durationMs: Math.round(buffer.duration * 1000), waveform: peaksOf(buffer) };
  } catch {
    // Not decodable here: the clock's duration, and no waveform (the player draws a flat one).
    return { voice: true, durationMs: Math.round(recordedMs) };
  }
}

/**
 * Up to `MAX_WAVEFORM_LENGTH` peaks (the loudest sample of each equal slice, of all channels),
 * scaled so that the loudest slice is 255 (a quiet recording still shows its shape); 0–255.
 */
export function peaksOf(buffer: AudioBuffer, count = MAX_WAVEFORM_LENGTH): number[] {
  const length = buffer.length;
  const slices = Math.max(1, Math.min(count, length));
  const peaks = new Array<number>(slices).fill(0);
  for (let channel = 0; channel < buffer.numberOfChannels; channel++) {
    const data = buffer.getChannelData(channel);
    for (let i = 0; i < slices; i++) {
      const end = Math.floor(((i + 1) * length) / slices);
      let peak = peaks[i]!;
      for (let j = Math.floor((i * length) / slices); j < end; j++) peak = Math.max(peak, Math.abs(data[j]!));
      peaks[i] = peak;
    }
  }
  const loudest = Math.max(...peaks);
  return peaks.map((peak) => (loudest > 0 ? Math.round((peak / loudest) * 255) : 0));
}

/** The file of a recording: `voice-message-2026-12-06-1432.webm` (local time of `at`), with the recorder's type. */
export function voiceFile(recording: Blob, at: Date): File {
  const two = (n: number) => String(n).padStart(2, '0');
  const stamp = `${at.getFullYear()}-${two(at.getMonth() + 1)}-${two(at.getDate())}-${two(at.getHours())}${two(at.getMinutes())}`;
  const extension = recording.type.includes('ogg') ? 'ogg' : 'webm';
  return new File([recording], `voice-message-${stamp}.${extension}`, { type: recording.type });
}
