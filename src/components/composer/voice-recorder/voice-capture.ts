/**
 * The microphone while a voice message is recorded: one `getUserMedia({ audio: true })`
 * stream, a `MediaRecorder` writing Opus (in WebM, else Ogg: whichever this browser records),
 * and a Web Audio `AnalyserNode` on the same stream for the level meter. Ending it either way
 * (`stop()` for the recording, `discard()` for nothing) stops the tracks, so the browser's
 * microphone indicator goes off, and closes the audio context.
 */

/** Recorder types in the order tried. */
const TYPES = ['audio/webm;codecs=opus', 'audio/ogg;codecs=opus', 'audio/webm', 'audio/ogg'];

/** The first type of `TYPES` this browser records, or '' to let the recorder choose. */
export function recordingType(): string {
  return TYPES.find((type) => MediaRecorder.isTypeSupported(type)) ?? '';
}

/** Why the microphone could not be used: refused, missing, or anything else. */
export type CaptureFailure = 'denied' | 'no-microphone' | 'failed';

/** The failure a `getUserMedia` or `MediaRecorder` error stands for. */
export function captureFailureOf(error: unknown): CaptureFailure {
  const name = error instanceof DOMException || error instanceof Error ? error.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'denied';
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'no-microphone';
  return 'failed';
}

export class VoiceCapture {
  private readonly stream: MediaStream;
  private readonly recorder: MediaRecorder;
  private readonly chunks: Blob[] = [];
  private readonly audio: AudioContext | null;
  private readonly analyser: AnalyserNode | null;
  private readonly samples: Float32Array<ArrayBuffer>;
  /** `performance.now()` when the recorder started. */
  readonly startedAt: number;

  private constructor(stream: MediaStream) {
    this.stream = stream;
    const type = recordingType();
    this.recorder = new MediaRecorder(stream, type ? { mimeType: type } : {});
    this.recorder.addEventListener('dataavailable', (event) => {
      if (event.data.size > 0) this.chunks.push(event.data);
    });
    let audio: AudioContext | null = null;
    let analyser: AnalyserNode | null = null;
    try {
      audio = new AudioContext();
      analyser = audio.createAnalyser();
      analyser.fftSize = 1024;
      audio.createMediaStreamSource(stream).connect(analyser);
      // Made after awaiting the microphone, when the press may no longer count as a gesture.
      if (audio.state === 'suspended') void audio.resume().catch(() => {});
    } catch {
      // No meter without Web Audio; the recording itself does not need it.
    }
    this.audio = audio;
    this.analyser = analyser;
    this.samples = new Float32Array(analyser?.fftSize ?? 0);
    // Slices every second, so a long recording is not one growing buffer inside the recorder.
    this.recorder.start(1000);
    this.startedAt = performance.now();
  }

  /** Asks for the microphone and starts recording; rejects as `getUserMedia` does (see `captureFailureOf`). */
  static async start(): Promise<VoiceCapture> {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    try {
      return new VoiceCapture(stream);
    } catch (error) {
      for (const track of stream.getTracks()) track.stop();
      throw error;
    }
  }

  /** The recorded type without parameters (`audio/webm`, `audio/ogg`). */
  get type(): string {
    return (this.recorder.mimeType || 'audio/webm').split(';')[0]!.trim();
  }

  /** Milliseconds recorded so far. */
  get elapsed(): number {
    return performance.now() - this.startedAt;
  }

  /** The loudness right now, 0 (silence) to 1 (full scale): the peak of the last 1024 samples. */
  level(): number {
    if (!this.analyser) return 0;
    this.analyser.getFloatTimeDomainData(this.samples);
    let peak = 0;
    for (const sample of this.samples) peak = Math.max(peak, Math.abs(sample));
    return Math.min(1, peak);
  }

  /** Ends the recording and releases the microphone; resolves with what was recorded. */
  stop(): Promise<Blob> {
    const done = new Promise<Blob>((resolve) => {
      this.recorder.addEventListener('stop', () => resolve(new Blob(this.chunks, { type: this.type })), { once: true });
    });
    if (this.recorder.state !== 'inactive') this.recorder.stop();
    this.release();
    return done;
  }

  /** Ends the recording, drops it and releases the microphone. */
  discard(): void {
    if (this.recorder.state !== 'inactive') this.recorder.stop();
    this.chunks.length = 0;
    this.release();
  }

  private release(): void {
    for (const track of this.stream.getTracks()) track.stop();
    void this.audio?.close().catch(() => {});
  }
}
