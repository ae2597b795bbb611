import { aTimeout, expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendMouse } from '@web/test-runner-commands';
import '../../src/index.js';
import type { SessionChat } from '../../src/components/session-chat/session-chat.component.js';
import type { ChatMessage } from '../../src/protocol/index.js';
import { expectAccessible } from './support/a11y.js';
import { composerTextarea } from './support/dom.js';
import { recordAnnouncements } from './support/files.js';
import { newSessionId, relayUrl, tokenFor } from './support/relay.js';
import { micButton, recorderButton, recorderOf, refuseMicrophone, waitForVoiceNote, watchMicrophone } from './support/voice.js';

// The page loads hundreds of modules unbundled: the default 250 resource timing entries would fill
// before the lazy parts these tests look for.
performance.setResourceTimingBufferSize(100_000);

interface FileRequest {
  method: string;
  path: string;
  range: string | null;
  status: number;
}

async function fileRequests(clear = false): Promise<FileRequest[]> {
  const response = await fetch(`/__relay/file-requests${clear ? '?clear=1' : ''}`);
  return ((await response.json()) as { requests: FileRequest[] }).requests;
}

/** A technician's and a customer's widget in one session, both live. */
async function mountPair(dir: 'ltr' | 'rtl' = 'ltr'): Promise<{ alice: SessionChat; bob: SessionChat }> {
  const session = newSessionId();
  const server = await relayUrl();
  const [aliceToken, bobToken] = await Promise.all([
    tokenFor(session, { role: 'technician', name: 'Alice' }),
    tokenFor(session, { role: 'customer', name: 'Bob' }),
  ]);
  const box = await fixture<HTMLDivElement>(html`<div dir=${dir} style="display: flex; gap: 8px">
    <div style="width: 360px; height: 560px"><session-chat class="alice" server=${server} token=${aliceToken}></session-chat></div>
    <div style="width: 360px; height: 560px"><session-chat class="bob" server=${server} token=${bobToken}></session-chat></div>
  </div>`);
  const alice = box.querySelector<SessionChat>('.alice')!;
  const bob = box.querySelector<SessionChat>('.bob')!;
  await waitUntil(() => alice.connectionState === 'live' && bob.connectionState === 'live', 'the widgets did not go live', { timeout: 8000 });
  return { alice, bob };
}

/** Whether a module of the page's resources matches (the dev server serves each source module). */
const loaded = (pattern: RegExp) => performance.getEntriesByType('resource').some((entry) => pattern.test(entry.name));

const filesOf = (el: SessionChat): ChatMessage[] => el.client!.state.messages.filter((m) => m.file);

describe('voice messages', () => {
  it('records ~1.5 s from the microphone, sends it as a voice file with duration and waveform, and the other side plays it from byte ranges', async () => {
    const { alice, bob } = await mountPair();
    await expectAccessible(alice);
    // First, before anything in this page pressed the button or showed a voice message.
    expect(loaded(/voice-recorder|voice-capture|voice-measure/), 'recorder loaded before the first press').to.equal(false);
    expect(loaded(/session-chat-voice-note/), 'player loaded before a voice message').to.equal(false);
    const mic = watchMicrophone();
    const said = recordAnnouncements(alice);
    try {
      micButton(alice)!.click();
      await waitUntil(() => recorderButton(alice, 'Send') && !recorderButton(alice, 'Send')!.disabled, 'recording did not start', { timeout: 8000 });
      const recorder = recorderOf(alice)!;
      expect(loaded(/voice-capture/), 'the recorder came with the press').to.equal(true);
      // The message box is hidden while recording; the recorder shows time and level.
      const composer = recorder.getRootNode() as ShadowRoot;
      expect(getComputedStyle(composer.querySelector('textarea')!).display).to.equal('none');
      const meter = recorder.shadowRoot!.querySelector('[role="meter"]')!;
      expect(meter.getAttribute('aria-label')).to.equal('Microphone level');
      const startedAt = performance.now();
      await aTimeout(1500);
      expect(recorder.shadowRoot!.querySelector('[part="time"]')!.textContent).to.match(/^00:0[1-2]$/);
      await expectAccessible(alice);
      expect(mic.streams).to.have.length(1);
      expect(mic.streams[0]!.getAudioTracks()[0]!.readyState).to.equal('live');
      recorderButton(alice, 'Send')!.click();
      const recordedMs = performance.now() - startedAt;

      await waitUntil(() => filesOf(alice).some((m) => m.seq > 0), 'nothing was shared', { timeout: 15000 });
      const file = filesOf(alice)[0]!.file!;
      expect(file.name).to.match(/^voice-message-\d{4}-\d{2}-\d{2}-\d{4}\.(webm|ogg)$/);
      expect(file.type).to.match(/^audio\/(webm|ogg)$/);
      expect(file.media?.voice).to.equal(true);
      expect(file.media!.durationMs!, 'duration').to.be.within(recordedMs - 600, recordedMs + 400);
      const peaks = file.media!.waveform!;
      expect(peaks.length).to.be.within(32, 128);
      expect(Math.max(...peaks) - Math.min(...peaks), 'a waveform with a shape').to.be.greaterThan(40);
      // The microphone is off again, and the recorder gave the composer back.
      expect(mic.streams[0]!.getTracks().every((t) => t.readyState === 'ended')).to.equal(true);
      expect(recorderOf(alice)).to.equal(null);
      await waitUntil(() => said.said.includes('Voice message sent.'), `announced: ${said.said.join(' | ')}`, { timeout: 5000 });
      expect(said.said[0]).to.match(/^Recording\./);
      expect(said.said).to.include('Recording stopped.');

      // Bob sees a player (not a card), drawn from the metadata: nothing fetched before Play.
      await fileRequests(true);
      const note = await waitForVoiceNote(bob);
      expect(loaded(/session-chat-voice-note/)).to.equal(true);
      const slider = note.shadowRoot!.querySelector('[role="slider"]')!;
      const total = Math.floor(file.media!.durationMs! / 1000);
      expect(slider.getAttribute('aria-valuetext')).to.equal(`0:00 of 0:${String(total).padStart(2, '0')}`);
      expect(note.shadowRoot!.querySelectorAll('rect')).to.have.length(peaks.length);
      expect(note.shadowRoot!.querySelector('audio')!.preload).to.equal('none');
      await aTimeout(300);
      expect(await fileRequests(), 'requests before Play').to.deep.equal([]);
      await expectAccessible(bob);

      const play = note.shadowRoot!.querySelector<HTMLButtonElement>('[part="play-button"]')!;
      expect(play.getAttribute('aria-label')).to.equal('Play voice message');
      // A real click (a user gesture: the browser refuses play() without one).
      play.scrollIntoView({ block: 'center' });
      const box = play.getBoundingClientRect();
      await sendMouse({ type: 'click', position: [Math.round(box.left + box.width / 2), Math.round(box.top + box.height / 2)] });
      const audio = note.shadowRoot!.querySelector('audio')!;
      await waitUntil(() => audio.currentTime > 0.3, 'the voice note did not play', { timeout: 10000 }).catch(async (e: unknown) => {
        throw new Error(`${String(e)}: error ${audio.error?.code} ${audio.error?.message} net ${audio.networkState} ready ${audio.readyState} paused ${audio.paused} src ${audio.currentSrc.slice(0, 80)} ${JSON.stringify(await fileRequests())}`);
      });
      await note.updateComplete;
      expect(play.getAttribute('aria-label')).to.equal('Pause voice message');
      expect(note.shadowRoot!.querySelectorAll('rect.played').length).to.be.greaterThan(0);
      const requests = await fileRequests();
      expect(requests.length).to.be.greaterThan(0);
      expect(requests.every((r) => r.method === 'GET' && r.range !== null && r.status === 206), JSON.stringify(requests)).to.equal(true);
      play.click();
      await waitUntil(() => audio.paused, 'did not pause');

      // The slider seeks with the keyboard.
      (slider as HTMLElement).focus();
      (slider as HTMLElement).dispatchEvent(new KeyboardEvent('keydown', { key: 'Home', bubbles: true }));
      await note.updateComplete;
      expect(slider.getAttribute('aria-valuenow')).to.equal('0');
      (slider as HTMLElement).dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
      await note.updateComplete;
      expect(slider.getAttribute('aria-valuetext')).to.match(/^0:01 of /);
      expect(audio.currentTime).to.be.closeTo(1, 0.05);
    } finally {
      said.stop();
      mic.restore();
    }
  });

  it('Cancel (and Escape) discard the recording: nothing is shared and the microphone is off', async () => {
    const { alice } = await mountPair();
    const mic = watchMicrophone();
    const said = recordAnnouncements(alice);
    try {
      for (const how of ['Cancel', 'Escape']) {
        micButton(alice)!.click();
        await waitUntil(() => recorderButton(alice, 'Send') && !recorderButton(alice, 'Send')!.disabled, 'recording did not start', { timeout: 8000 });
        await aTimeout(500);
        if (how === 'Cancel') recorderButton(alice, 'Cancel')!.click();
        else recorderButton(alice, 'Send')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
        await waitUntil(() => recorderOf(alice) === null, `${how} did not end the recording`);
        expect(mic.streams.at(-1)!.getTracks().every((t) => t.readyState === 'ended'), how).to.equal(true);
        await waitUntil(() => said.said.at(-1) === 'Voice message discarded.', `announced: ${said.said.join(' | ')}`);
      }
      expect(mic.streams).to.have.length(2);
      await aTimeout(1000);
      expect(filesOf(alice)).to.deep.equal([]);
      expect(alice.client!.uploads).to.deep.equal([]);
      // The message box is back, with the focus.
      const composer = micButton(alice)!.getRootNode() as ShadowRoot;
      expect(getComputedStyle(composer.querySelector('textarea')!).display).not.to.equal('none');
      expect(composer.activeElement?.tagName).to.equal('TEXTAREA');
    } finally {
      said.stop();
      mic.restore();
    }
  });

  for (const [error, text] of [
    ['NotAllowedError', /microphone is blocked/],
    ['NotFoundError', /No microphone was found/],
  ] as const) {
    it(`says why when the microphone cannot be used (${error}) and records nothing`, async () => {
      const { alice } = await mountPair();
      const restore = refuseMicrophone(error);
      try {
        micButton(alice)!.click();
        await waitUntil(() => recorderOf(alice)?.shadowRoot?.querySelector('[role="alert"]'), 'no notice', { timeout: 8000 });
        const notice = recorderOf(alice)!.shadowRoot!.querySelector('[role="alert"]')!;
        expect(notice.textContent).to.match(text);
        expect(recorderButton(alice, 'Send')).to.equal(null);
        await expectAccessible(alice);
        recorderButton(alice, 'Close')!.click();
        await waitUntil(() => recorderOf(alice) === null, 'the notice did not close');
        await aTimeout(500);
        expect(filesOf(alice)).to.deep.equal([]);
      } finally {
        restore();
      }
    });
  }

  it('stops and sends by itself at the longest length; the typed text stays', async () => {
    const { alice } = await mountPair();
    const textarea = composerTextarea(alice);
    textarea.value = 'typed before recording';
    micButton(alice)!.click();
    await waitUntil(() => recorderOf(alice), 'no recorder', { timeout: 8000 });
    recorderOf(alice)!.maxDuration = 1000;
    await waitUntil(() => filesOf(alice).length === 1, 'nothing was sent at the longest length', { timeout: 15000 });
    const media = filesOf(alice)[0]!.file!.media!;
    expect(media.voice).to.equal(true);
    expect(media.durationMs!).to.be.within(700, 1600);
    expect(filesOf(alice)[0]!.text, 'no caption').to.equal('');
    await waitUntil(() => recorderOf(alice) === null, 'the recorder stayed');
    expect(textarea.value).to.equal('typed before recording');
  });

  it('holds at 360 px in right-to-left text: the recorder fits, and the waveform runs from the right', async () => {
    const { alice, bob } = await mountPair('rtl');
    micButton(alice)!.click();
    await waitUntil(() => recorderButton(alice, 'Send') && !recorderButton(alice, 'Send')!.disabled, 'recording did not start', { timeout: 8000 });
    const composer = recorderOf(alice)!.getRootNode() as ShadowRoot;
    const bar = composer.host.getBoundingClientRect();
    for (const name of ['Cancel', 'Send']) {
      const box = recorderButton(alice, name)!.getBoundingClientRect();
      expect(box.left >= bar.left - 0.5 && box.right <= bar.right + 0.5, `${name} inside the composer`).to.equal(true);
    }
    // In RTL the buttons' order mirrors: Send (last) is at the left.
    expect(recorderButton(alice, 'Send')!.getBoundingClientRect().left).to.be.lessThan(recorderButton(alice, 'Cancel')!.getBoundingClientRect().left);
    await aTimeout(1200);
    recorderButton(alice, 'Send')!.click();
    const note = await waitForVoiceNote(bob);
    const wave = note.shadowRoot!.querySelector<HTMLElement>('[role="slider"]')!;
    const box = wave.getBoundingClientRect();
    expect(box.width).to.be.greaterThan(60);
    expect(note.getBoundingClientRect().right).to.be.at.most(bob.getBoundingClientRect().right + 0.5);
    // A click near the right edge is near the start; near the left edge, near the end.
    wave.dispatchEvent(new MouseEvent('click', { bubbles: true, clientX: box.right - 2, clientY: box.top + 5 }));
    await note.updateComplete;
    expect(wave.getAttribute('aria-valuenow')).to.equal('0');
    wave.dispatchEvent(new MouseEvent('click', { bubbles: true, clientX: box.left + 2, clientY: box.top + 5 }));
    await note.updateComplete;
    const [now, max] = [Number(wave.getAttribute('aria-valuenow')), Number(wave.getAttribute('aria-valuemax'))];
    expect(now, 'near the end').to.be.within(Math.max(1, max - 1), max);
    // ArrowLeft moves forward in RTL.
    wave.dispatchEvent(new KeyboardEvent('keydown', { key: 'Home', bubbles: true }));
    wave.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowLeft', bubbles: true }));
    await note.updateComplete;
    expect(wave.getAttribute('aria-valuenow')).to.equal('1');
  });

  it('voiceNotes=false (property or voice-notes="false") hides the button', async () => {
    const { alice } = await mountPair();
    expect(micButton(alice)).not.to.equal(null);
    alice.voiceNotes = false;
    await alice.updateComplete;
    expect(micButton(alice)).to.equal(null);
    alice.voiceNotes = true;
    await alice.updateComplete;
    expect(micButton(alice)).not.to.equal(null);
    alice.setAttribute('voice-notes', 'false');
    await alice.updateComplete;
    expect(alice.voiceNotes).to.equal(false);
    expect(micButton(alice)).to.equal(null);
  });
});
