import { css, html } from 'lit';
import { MIC, icon } from '../../shared/icons.js';
import type { RecordingComposer } from '../voice-recorder/composer-recording.js';

/** This browser can record a voice message (a microphone API and `MediaRecorder`). */
export const canRecord = (): boolean => !!navigator.mediaDevices?.getUserMedia && 'MediaRecorder' in globalThis;

/**
 * The composer's "Record a voice message" microphone button. Everything else of voice messages
 * (`../voice-recorder/`: the recorder element and what shows it in the composer) is a chunk
 * fetched on the first press. The button looks like the paperclip beside it (`.attach`, which
 * also clears the composer's button background and padding).
 */
export function renderVoiceButton(composer: RecordingComposer, label: string) {
  const record = () => void import('../voice-recorder/composer-recording.js').then(({ record }) => record(composer));
  return html`<button type="button" class="attach" part="voice-button" aria-label=${label} title=${label} ?disabled=${composer.disabled} @click=${record}>${icon(MIC)}</button>`;
}

/**
 * While recording (`recording` is set on the composer), the recorder is all it shows: it is
 * the last child of the shadow root (appended after what Lit renders).
 */
export const voiceStyles = css`
  :host([recording]) > :not(:last-child) {
    display: none;
  }
`;
