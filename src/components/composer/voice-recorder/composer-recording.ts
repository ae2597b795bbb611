import type { ReactiveController, ReactiveControllerHost } from 'lit';
import './session-chat-voice-recorder.js';
import type { SessionChatVoiceRecorder } from './session-chat-voice-recorder.component.js';

/** What the recorder needs of the composer (`<session-chat-composer>` has it). */
export interface RecordingComposer extends ReactiveControllerHost, HTMLElement {
  readonly disabled: boolean;
  readonly renderRoot: HTMLElement | DocumentFragment;
  focus(options?: FocusOptions): void;
}

/** The recorder shown in each composer, while there is one. */
const recorders = new WeakMap<RecordingComposer, SessionChatVoiceRecorder>();
const watched = new WeakSet<RecordingComposer>();

/**
 * Shows the voice recorder in the composer, which starts recording: the composer is marked
 * `recording` (its styles then show the recorder alone) until the recorder is done, and the
 * focus then goes back to the message box. A composer that becomes disabled meanwhile (the
 * session ended) ends the recording unsent.
 */
export function record(composer: RecordingComposer): void {
  if (recorders.get(composer)?.isConnected || composer.disabled) return;
  const recorder = document.createElement('session-chat-voice-recorder');
  recorder.setAttribute('part', 'voice-recorder');
  recorder.addEventListener('chat-voice-end', () => {
    recorders.delete(composer);
    recorder.remove();
    composer.removeAttribute('recording');
    composer.focus();
  });
  recorders.set(composer, recorder);
  if (!watched.has(composer)) {
    watched.add(composer);
    composer.addController(disabledWatch(composer));
  }
  composer.toggleAttribute('recording', true);
  // After Lit's own nodes: Lit never touches a node it did not render.
  composer.renderRoot.append(recorder);
}

function disabledWatch(composer: RecordingComposer): ReactiveController {
  return {
    hostUpdated() {
      if (composer.disabled) recorders.get(composer)?.cancel();
    },
  };
}
