/**
 * Helpers for the voice message tests: the composer's microphone button and recorder, the
 * voice note players in the log, and a watch on the microphone streams the page opened.
 */
import { waitUntil } from '@open-wc/testing';
import type { SessionChat } from '../../../src/components/session-chat/session-chat.component.js';
import type { SessionChatVoiceNote } from '../../../src/components/files/session-chat-voice-note/session-chat-voice-note.component.js';
import type { SessionChatVoiceRecorder } from '../../../src/components/composer/voice-recorder/session-chat-voice-recorder.component.js';
import { composerOf, fileCards } from './files.js';

export function micButton(el: SessionChat): HTMLButtonElement | null {
  return composerOf(el).shadowRoot.querySelector<HTMLButtonElement>('button[aria-label="Record a voice message"]');
}

export function recorderOf(el: SessionChat): SessionChatVoiceRecorder | null {
  return composerOf(el).shadowRoot.querySelector('session-chat-voice-recorder');
}

/** A button of the recorder by its text ("Send", "Cancel", "Close"). */
export function recorderButton(el: SessionChat, text: string): HTMLButtonElement | null {
  const root = recorderOf(el)?.shadowRoot;
  return [...(root?.querySelectorAll('button') ?? [])].find((b) => b.textContent?.trim() === text) ?? null;
}

/** The voice note players in the log, oldest first. */
export function voiceNotes(el: SessionChat): SessionChatVoiceNote[] {
  return fileCards(el).flatMap((card) => [...(card.shadowRoot?.querySelectorAll('session-chat-voice-note') ?? [])]);
}

export async function waitForVoiceNote(el: SessionChat, timeout = 15000): Promise<SessionChatVoiceNote> {
  const find = () => voiceNotes(el).find((note) => note.shadowRoot?.querySelector('[role="slider"]'));
  await waitUntil(find, 'no voice note player', { timeout });
  return find()!;
}

/** The microphone streams `getUserMedia` gave this page from now on (the real one, wrapped). */
export function watchMicrophone(): { streams: MediaStream[]; restore(): void } {
  const devices = navigator.mediaDevices;
  const original = devices.getUserMedia;
  const streams: MediaStream[] = [];
  devices.getUserMedia = async function (constraints?: MediaStreamConstraints) {
    const stream = await original.call(devices, constraints);
    streams.push(stream);
    return stream;
  };
  return {
    streams,
    restore: () => {
      devices.getUserMedia = original;
    },
  };
}

/** Makes `getUserMedia` reject as the browser does when the user refused (or nothing can record). */
export function refuseMicrophone(name: 'NotAllowedError' | 'NotFoundError'): () => void {
  const devices = navigator.mediaDevices;
  const original = devices.getUserMedia;
  devices.getUserMedia = () => Promise.reject(new DOMException(name === 'NotAllowedError' ? 'Permission denied' : 'Requested device not found', name));
  return () => {
    devices.getUserMedia = original;
  };
}
