import { LitElement, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ChatAnnounceEvent } from '../../shared/events/chat-announce.js';
import { ChatShareEvent } from '../../shared/events/chat-share.js';
import { ChatVoiceEndEvent } from '../../shared/events/chat-voice-end.js';
import { LocalizeController } from '../../shared/localize/localize.js';
import { mediaTime } from '../../shared/media-time.js';
import { themeStyles } from '../../shared/theme.styles.js';
import { captureFailureOf, VoiceCapture, type CaptureFailure } from './voice-capture.js';
import { measureVoice, voiceFile } from './voice-measure.js';
import { sessionChatVoiceRecorderStyles } from './session-chat-voice-recorder.styles.js';
// The strings this lazy part shows.
import '../../shared/localize/en-more.js';

/** Longest voice message by default: 5 minutes. */
export const MAX_VOICE_MS = 5 * 60 * 1000;

const FAILURE_TERMS = { denied: 'voice.denied', 'no-microphone': 'voice.noMicrophone', failed: 'voice.failed' } as const;

/**
 * @summary Records a voice message in the composer, from the moment it is connected: the
 * elapsed time, a level meter, "Cancel" and "Send". Escape cancels. At `maxDuration` the
 * recording stops and is sent. If the microphone is refused or missing it says so and records
 * nothing. Loaded on the first press of "Record a voice message".
 *
 * @event chat-share - "Send": the recording as one file (`voice-message-….webm` or `.ogg`) with `media: { voice: true, durationMs, waveform }`.
 * @event chat-announce - Recording started, stopped, discarded (for the widget's live region).
 * @event chat-voice-end - The recorder is done (`detail.reason`: `sent` or `cancelled`); the microphone is released. Does not bubble.
 *
 * @csspart recorder - The bar.
 * @csspart time - The elapsed time (`mm:ss`).
 * @csspart meter - The level meter (`role="meter"`).
 * @csspart notice - Why recording could not start.
 * @csspart cancel-button - "Cancel" (or "Close" under a notice).
 * @csspart send-button - "Send".
 */
export class SessionChatVoiceRecorder extends LitElement {
  static override styles = [themeStyles, sessionChatVoiceRecorderStyles];

  private readonly localize = new LocalizeController(this);

  private capture: VoiceCapture | null = null;
  private frame = 0;
  /** Set once the recorder is done, so a late microphone grant is released at once. */
  private ended = false;
  @state() private status: 'starting' | 'recording' | 'sending' | CaptureFailure = 'starting';
  @state() private elapsed = 0;
  /** The meter's value, 0–100. */
  @state() private level = 0;

  /** Longest recording in milliseconds; at this length it stops and is sent. */
  @property({ type: Number, attribute: 'max-duration' }) maxDuration = MAX_VOICE_MS;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.start();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // Taken out of the page while recording: nothing is sent, the microphone goes off.
    if (!this.ended) this.finish('cancelled', false);
  }

  private async start(): Promise<void> {
    this.ended = false;
    this.status = 'starting';
    let capture: VoiceCapture;
    try {
      capture = await VoiceCapture.start();
    } catch (error) {
      if (this.ended) return;
      this.status = captureFailureOf(error);
      await this.updateComplete;
      this.button('cancel')?.focus();
      return;
    }
    if (this.ended) {
      capture.discard();
      return;
    }
    this.capture = capture;
    this.status = 'recording';
    this.announce('voice.started');
    this.tick();
    await this.updateComplete;
    this.button('send')?.focus();
  }

  /** Updates the clock and the meter once per frame (the meter's accessible value in steps of 10). */
  private readonly tick = (): void => {
    const capture = this.capture;
    if (!capture || this.status !== 'recording') return;
    this.elapsed = capture.elapsed;
    this.level = Math.round(capture.level() * 10) * 10;
    if (this.elapsed >= this.maxDuration) {
      this.announce('voice.maxReached');
      void this.send();
      return;
    }
    this.frame = requestAnimationFrame(this.tick);
  };

  private announce(key: 'voice.started' | 'voice.stopped' | 'voice.cancelled' | 'voice.maxReached'): void {
    this.dispatchEvent(new ChatAnnounceEvent({ text: this.localize.term(key) }));
  }

  private button(name: 'send' | 'cancel'): HTMLButtonElement | null {
    return this.renderRoot.querySelector(`[part~="${name}-button"]`);
  }

  private finish(reason: 'sent' | 'cancelled', announce = true): void {
    this.ended = true;
    cancelAnimationFrame(this.frame);
    this.capture?.discard();
    this.capture = null;
    if (announce && reason === 'cancelled' && this.status === 'recording') this.announce('voice.cancelled');
    this.dispatchEvent(new ChatVoiceEndEvent({ reason }));
  }

  /** Stops, measures and shares the recording. */
  async send(): Promise<void> {
    const capture = this.capture;
    if (!capture || this.status !== 'recording') return;
    this.status = 'sending';
    cancelAnimationFrame(this.frame);
    const recordedMs = capture.elapsed;
    const recording = await capture.stop();
    this.capture = null;
    this.announce('voice.stopped');
    const media = await measureVoice(recording, recordedMs);
    this.dispatchEvent(new ChatShareEvent({ files: [voiceFile(recording, new Date())], caption: '', media }));
    this.finish('sent');
  }

  /** Discards the recording (or closes the notice). */
  cancel(): void {
    if (this.status === 'sending' || this.ended) return;
    this.finish('cancelled');
  }

  private onKeyDown(event: KeyboardEvent): void {
    if (event.key !== 'Escape') return;
    // The composer's own Escape (cancelling a reply) is not this one.
    event.stopPropagation();
    this.cancel();
  }

  override render() {
    const l = this.localize;
    const status = this.status;
    if (status === 'denied' || status === 'no-microphone' || status === 'failed') {
      return html`<div class="recorder" part="recorder" @keydown=${this.onKeyDown}>
        <p class="notice" part="notice" role="alert">${l.term(FAILURE_TERMS[status])}</p>
        <button type="button" class="secondary" part="cancel-button" @click=${this.cancel}>${l.term('close')}</button>
      </div>`;
    }
    const level = this.level;
    return html`<div class="recorder" part="recorder" role="group" aria-label=${l.term('voice.recording')} @keydown=${this.onKeyDown}>
      <span class="dot" aria-hidden="true"></span>
      <span class="time" part="time">${mediaTime(this.elapsed, true)}</span>
      <span
        class="meter"
        part="meter"
        role="meter"
        aria-label=${l.term('voice.level')}
        aria-valuemin="0"
        aria-valuemax="100"
        aria-valuenow=${level}
        aria-valuetext=${new Intl.NumberFormat(l.lang, { style: 'percent' }).format(level / 100)}
        ><span class="level" style="inline-size: ${level}%"></span
      ></span>
      <button type="button" class="secondary" part="cancel-button" ?disabled=${status === 'sending'} @click=${this.cancel}>${l.term('cancel')}</button>
      <button type="button" part="send-button" ?disabled=${status !== 'recording'} @click=${this.send}>${l.term('send')}</button>
      ${status === 'starting' ? html`<span class="visually-hidden">${l.term('voice.starting')}</span>` : nothing}
    </div>`;
  }
}
