import { LitElement, html, nothing, svg } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import type { ChatMessage } from '../../../protocol/index.js';
import { ChatIntentEvent } from '../../shared/events/chat-intent.js';
import { displayName } from '../../shared/display-name.js';
import { icon } from '../../shared/icons.js';
import { DELETE, DOWNLOAD, PAUSE, PLAY } from '../../shared/icons-lazy.js';
import { LocalizeController } from '../../shared/localize/localize.js';
import { mediaTime } from '../../shared/media-time.js';
import { themeStyles } from '../../shared/theme.styles.js';
import { sessionChatVoiceNoteStyles } from './session-chat-voice-note.styles.js';
// The strings this lazy part shows.
import '../../shared/localize/en-more.js';

/** Bars drawn when a voice message carries no waveform. */
const FLAT = new Array<number>(48).fill(24);

/**
 * @summary A voice message in the log: "Play voice message" / "Pause voice message", its
 * waveform (drawn from the peaks the sender measured, `file.media.waveform`; the played part in
 * the accent colour) which is also the seek slider ("0:03 of 0:12"; click, arrow keys, Home,
 * End, Page Up/Down), the time, "Download" and, for whoever may, "Delete". Plays the relay's
 * file URL with an `<audio preload="none">`: nothing is fetched before "Play", and then only
 * the byte ranges the browser asks for. Loaded with the first voice message.
 *
 * @event chat-intent - "Delete" was chosen (`intent: 'delete'`).
 *
 * @csspart voice-note - The player.
 * @csspart play-button - "Play voice message" / "Pause voice message".
 * @csspart waveform - The waveform, a `role="slider"` to seek.
 * @csspart time - The time: the duration, and the position while playing or paused midway.
 * @csspart button - "Download" and "Delete" (also `download-button`, `delete-button`).
 */
export class SessionChatVoiceNote extends LitElement {
  static override styles = [themeStyles, sessionChatVoiceNoteStyles];

  private readonly localize = new LocalizeController(this);

  @query('audio') private readonly audio!: HTMLAudioElement | null;

  @state() private playing = false;
  /** Where playing is (or starts), in milliseconds. */
  @state() private position = 0;
  private frame = 0;

  /** The message that shared the voice message (`message.file`, with `media`). */
  @property({ attribute: false }) message: ChatMessage | null = null;

  /** The file URL of a file id (`client.fileUrl`, with the token); nothing plays without one. */
  @property({ attribute: false }) fileUrl: ((fileId: string) => string) | null = null;

  /** The viewer may delete the voice message. */
  @property({ type: Boolean, attribute: 'can-delete' }) canDelete = false;

  /** The playing time the sender measured (the recording's own header has none). */
  private get duration(): number {
    return this.message?.file?.media?.durationMs ?? (this.audio && Number.isFinite(this.audio.duration) ? this.audio.duration * 1000 : 0);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    cancelAnimationFrame(this.frame);
    this.audio?.pause();
  }

  /** Plays or pauses. */
  toggle(): void {
    const audio = this.audio;
    if (!audio) return;
    if (audio.paused) void audio.play().catch(() => (this.playing = false));
    else audio.pause();
  }

  /** Moves to `ms` (clamped to the recording). */
  seek(ms: number): void {
    const duration = this.duration;
    this.position = Math.max(0, duration ? Math.min(ms, duration) : ms);
    if (this.audio) this.audio.currentTime = this.position / 1000;
  }

  private readonly follow = (): void => {
    if (this.audio) this.position = this.audio.currentTime * 1000;
    if (this.playing) this.frame = requestAnimationFrame(this.follow);
  };

  private onPlay(): void {
    this.playing = true;
    cancelAnimationFrame(this.frame);
    this.follow();
  }

  private onPause(): void {
    this.playing = false;
    cancelAnimationFrame(this.frame);
    if (this.audio) this.position = this.audio.currentTime * 1000;
  }

  private onEnded(): void {
    this.onPause();
    this.position = 0;
    if (this.audio) this.audio.currentTime = 0;
  }

  /** A click on the waveform seeks there (from the right edge in right-to-left text). */
  private onWaveClick(event: MouseEvent): void {
    const box = (event.currentTarget as HTMLElement).getBoundingClientRect();
    const rtl = getComputedStyle(this).direction === 'rtl';
    const fraction = Math.min(1, Math.max(0, (event.clientX - box.left) / box.width));
    this.seek((rtl ? 1 - fraction : fraction) * this.duration);
  }

  private onWaveKeyDown(event: KeyboardEvent): void {
    const duration = this.duration;
    const step = duration > 60_000 ? 5000 : 1000;
    const rtl = getComputedStyle(this).direction === 'rtl';
    const forward = rtl ? 'ArrowLeft' : 'ArrowRight';
    const back = rtl ? 'ArrowRight' : 'ArrowLeft';
    const moves: Record<string, number> = {
      [forward]: this.position + step,
      ArrowUp: this.position + step,
      [back]: this.position - step,
      ArrowDown: this.position - step,
      PageUp: this.position + step * 10,
      PageDown: this.position - step * 10,
      Home: 0,
      End: duration,
    };
    if (event.key === ' ' || event.key === 'Enter') {
      event.preventDefault();
      this.toggle();
      return;
    }
    const to = moves[event.key];
    if (to === undefined) return;
    event.preventDefault();
    this.seek(to);
  }

  private delete(): void {
    if (this.message) this.dispatchEvent(new ChatIntentEvent({ intent: 'delete', message: this.message }));
  }

  private renderWave(peaks: readonly number[], played: number) {
    const width = peaks.length * 3;
    const bars = peaks.map((peak, i) => {
      const height = Math.max(2, (peak / 255) * 28);
      return svg`<rect class=${(i + 0.5) / peaks.length <= played ? 'played' : ''} x=${i * 3} y=${(32 - height) / 2} width="2" height=${height} rx="1"></rect>`;
    });
    return svg`<svg class="bars" viewBox="0 0 ${width} 32" preserveAspectRatio="none" aria-hidden="true">${bars}</svg>`;
  }

  override render() {
    const file = this.message?.file;
    if (!file) return nothing;
    const l = this.localize;
    const name = displayName(file.name);
    const duration = this.duration;
    const position = Math.min(this.position, duration || this.position);
    const peaks = file.media?.waveform?.length ? file.media.waveform : FLAT;
    const href = this.fileUrl?.(file.id) ?? '';
    const moved = this.playing || position > 0;
    const label = l.term(this.playing ? 'voice.pause' : 'voice.play');
    return html`<div class="note" part="voice-note">
      <button type="button" class="play" part="play-button" aria-label=${label} title=${label} ?disabled=${!href} @click=${this.toggle}>
        ${icon(this.playing ? PAUSE : PLAY)}
      </button>
      <div
        class="wave"
        part="waveform"
        role="slider"
        tabindex="0"
        aria-label=${l.term('voice.seek')}
        aria-valuemin="0"
        aria-valuemax=${Math.round(duration / 1000)}
        aria-valuenow=${Math.floor(position / 1000)}
        aria-valuetext=${l.term('voice.position', { time: mediaTime(position), duration: mediaTime(duration) })}
        @click=${this.onWaveClick}
        @keydown=${this.onWaveKeyDown}
      >
        ${this.renderWave(peaks, duration ? position / duration : 0)}
      </div>
      <span class="time" part="time">${moved ? mediaTime(position) : mediaTime(duration)}</span>
      ${href
        ? html`<a class="button" part="button download-button" href=${href} download=${name} aria-label=${l.term('files.download', { name })} title=${l.term('files.download', { name })}>
            ${icon(DOWNLOAD)}
          </a>`
        : nothing}
      ${this.canDelete
        ? html`<button type="button" class="button" part="button delete-button" aria-label=${l.term('files.delete', { name })} title=${l.term('files.delete', { name })} @click=${this.delete}>
            ${icon(DELETE)}
          </button>`
        : nothing}
      ${href
        ? html`<audio preload="none" src=${href} @play=${this.onPlay} @pause=${this.onPause} @ended=${this.onEnded}></audio>`
        : nothing}
    </div>`;
  }
}
