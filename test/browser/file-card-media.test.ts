import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { a11ySnapshot, executeServerCommand, findAccessibilityNode, sendMouse } from '@web/test-runner-commands';
import '../../src/index.js';
import type { SessionClient } from '../../src/client/index.js';
import type { SessionChat } from '../../src/components/session-chat/session-chat.component.js';
import type { SessionChatFileCard } from '../../src/components/files/session-chat-file-card/session-chat-file-card.component.js';
import { formatDuration, playsInline } from '../../src/components/files/session-chat-file-card/file-card-media.js';
import type { MediaInfo } from '../../src/protocol/index.js';
import { cardControl, cardText, fileCards, pick, previewDialog, waitForCard } from './support/files.js';
import { expectAccessible } from './support/a11y.js';
import { joinAs, newSessionId, relayUrl, tokenFor } from './support/relay.js';

// The page loads hundreds of modules unbundled: the default 250 resource timing entries would fill
// before the lazy parts these tests look for.
performance.setResourceTimingBufferSize(100_000);

interface FileRequest {
  method: string;
  path: string;
  range: string | null;
  status: number;
}
interface AxNode {
  role?: string;
  name?: string;
  children?: AxNode[];
}

async function fileRequests(clear = false): Promise<FileRequest[]> {
  const response = await fetch(`/__relay/file-requests${clear ? '?clear=1' : ''}`);
  return ((await response.json()) as { requests: FileRequest[] }).requests.filter((r) => r.method === 'GET');
}

async function fixtureAs(path: string, type: string, name = path.split('/').pop()!): Promise<File> {
  const response = await fetch(`/__fixtures/${path}`);
  return new File([await response.arrayBuffer()], name, { type });
}

async function mountChat(session: string, role: 'customer' | 'technician', name: string): Promise<SessionChat> {
  const server = await relayUrl();
  const token = await tokenFor(session, { role, name });
  const box = await fixture<HTMLDivElement>(html`<div style="width: 360px; height: 560px"><session-chat server=${server} token=${token}></session-chat></div>`);
  const el = box.querySelector('session-chat')!;
  await waitUntil(() => el.connectionState === 'live', 'the element did not go live', { timeout: 5000 });
  return el;
}

function loaded(module: RegExp): boolean {
  return performance.getEntriesByType('resource').some((entry) => module.test(entry.name));
}

function playerOf(card: SessionChatFileCard): HTMLMediaElement | null {
  return card.shadowRoot!.querySelector<HTMLMediaElement>('[part~="player"]');
}

function once(target: EventTarget, type: string): Promise<void> {
  return new Promise((resolve) => target.addEventListener(type, () => resolve(), { once: true }));
}

/** The bytes of a `data:` URL. */
function dataBytes(url: string): Uint8Array {
  return Uint8Array.from(atob(url.slice(url.indexOf(',') + 1)), (c) => c.charCodeAt(0));
}

function imageSize(url: string): Promise<[number, number]> {
  return new Promise((resolve, reject) => {
    const image = new Image();
    image.onload = () => resolve([image.naturalWidth, image.naturalHeight]);
    image.onerror = () => reject(new Error('the thumbnail is no image'));
    image.src = url;
  });
}

/** Seeks to `at` seconds and waits until the element is there. */
async function seek(media: HTMLMediaElement, at: number): Promise<void> {
  const seeked = once(media, 'seeked');
  media.currentTime = at;
  await seeked;
}

describe('audio and video on file cards', () => {
  let alice: SessionClient | null = null;
  afterEach(() => {
    alice?.close();
    alice = null;
  });

  // First, before anything in this page loaded the measuring code.
  it('measures audio and video shared from the widget (duration, a video’s poster frame), with code loaded only then', async () => {
    const session = newSessionId();
    alice = await joinAs(session, { role: 'technician', name: 'Alice' });
    const bob = await mountChat(session, 'customer', 'Bob');
    expect(loaded(/media-measure/), 'measuring code in the first load').to.equal(false);
    pick(bob, [await fixtureAs('media/clip.webm', 'video/webm'), await fixtureAs('media/tone.ogg', 'audio/ogg'), new File(['just text'], 'notes.txt', { type: 'text/plain' })]);
    const shared = () => alice!.state.messages.filter((m) => m.file);
    await waitUntil(() => shared().length === 3, 'the three files were not shared', { timeout: 20000 });
    const [video, audio, text] = ['clip.webm', 'tone.ogg', 'notes.txt'].map((name) => shared().find((m) => m.file!.name === name)!.file!);
    expect(loaded(/media-measure/)).to.equal(true);

    expect(video!.media?.durationMs, 'video duration').to.be.closeTo(3000, 100);
    const poster = video!.thumbnail!;
    expect(poster, 'poster').to.match(/^data:image\/(webp|jpeg);base64,/);
    const bytes = dataBytes(poster);
    const webp = String.fromCharCode(...bytes.slice(0, 4)) === 'RIFF' && String.fromCharCode(...bytes.slice(8, 12)) === 'WEBP';
    const jpeg = bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
    expect(webp || jpeg, 'the poster’s bytes are a WebP or JPEG image').to.equal(true);
    expect(await imageSize(poster)).to.deep.equal([160, 120]);

    expect(audio!.media?.durationMs, 'audio duration').to.be.closeTo(3000, 100);
    expect(audio!.thumbnail).to.equal(undefined);
    expect(text!.media).to.equal(undefined);
    expect(text!.thumbnail).to.equal(undefined);
  });

  it('shows the other participant the duration and inline players that stream byte ranges, one playing at a time', async () => {
    const session = newSessionId();
    const bob = await mountChat(session, 'customer', 'Bob');
    const ann = await mountChat(session, 'technician', 'Ann');
    pick(bob, [await fixtureAs('media/clip.webm', 'video/webm'), await fixtureAs('media/tone.ogg', 'audio/ogg')]);
    const videoCard = await waitForCard(ann, 'clip.webm', 20000);
    const audioCard = await waitForCard(ann, 'tone.ogg', 20000);
    const messageOf = (name: string) => ann.client!.state.messages.find((m) => m.file?.name === name)!;

    for (const [card, name, tag, label] of [
      [videoCard, 'clip.webm', 'VIDEO', 'Video: clip.webm'],
      [audioCard, 'tone.ogg', 'AUDIO', 'Audio: tone.ogg'],
    ] as const) {
      expect(cardText(card), name).to.contain(`${name} 0:03 · `);
      expect(card.shadowRoot!.querySelector('[part~="duration"]')!.getAttribute('datetime')).to.equal('PT3S');
      const player = playerOf(card)!;
      expect(player?.tagName, name).to.equal(tag);
      expect(player.controls).to.equal(true);
      expect(player.preload).to.equal('none');
      expect(player.getAttribute('aria-label')).to.equal(label);
      expect(player.src).to.equal(ann.client!.fileUrl(messageOf(name).file!.id));
      // The dialog and Download stay.
      expect(cardControl(card, `Preview ${name}`), `Preview ${name}`).to.not.equal(null);
      expect(cardControl(card, `Download ${name}`), `Download ${name}`).to.not.equal(null);
    }
    const video = playerOf(videoCard) as HTMLVideoElement;
    const audio = playerOf(audioCard)!;
    // The poster frame the sender made; no play mark over a player (it has its own).
    expect(video.poster).to.equal(messageOf('clip.webm').file!.thumbnail);
    expect(videoCard.shadowRoot!.querySelector('[part~="thumbnail"]')).to.equal(null);
    const snapshot = (await a11ySnapshot({})) as unknown as AxNode;
    for (const label of ['Video: clip.webm', 'Audio: tone.ogg']) {
      expect(findAccessibilityNode(snapshot as never, (n: AxNode) => n.name === label), `accessible name ${label}`).to.not.equal(null);
    }
    await expectAccessible(ann);
    // preload="none": nothing is fetched before Play.
    expect(await fileRequests(true), 'requests before Play').to.deep.equal([]);

    // Playing with sound needs the user to have interacted with the page, as a click on Play does.
    const name = videoCard.shadowRoot!.querySelector('[part~="name"]')!.getBoundingClientRect();
    await sendMouse({ type: 'click', position: [Math.round(name.x + 4), Math.round(name.y + name.height / 2)] });
    video.muted = true;
    await video.play();
    await seek(video, 1.5);
    expect(video.currentTime).to.be.closeTo(1.5, 0.1);
    const videoRequests = await fileRequests(true);
    expect(videoRequests.length, 'video requests').to.be.greaterThan(0);
    expect(videoRequests.every((r) => r.range !== null && r.status === 206), JSON.stringify(videoRequests)).to.equal(true);

    audio.muted = true;
    await audio.play();
    // One inline player at a time: the video paused when the audio started.
    await waitUntil(() => video.paused, 'the video still plays beside the audio');
    await seek(audio, 1.5);
    expect(audio.currentTime).to.be.closeTo(1.5, 0.1);
    const audioRequests = await fileRequests(true);
    expect(audioRequests.length, 'audio requests').to.be.greaterThan(0);
    expect(audioRequests.every((r) => r.range !== null && r.status === 206), JSON.stringify(audioRequests)).to.equal(true);

    // The dialog still opens from Preview; the inline player pauses for it.
    cardControl<HTMLButtonElement>(videoCard, 'Preview clip.webm')!.click();
    await waitUntil(() => previewDialog(ann)?.isOpen, 'the preview did not open', { timeout: 10000 });
    expect(audio.paused, 'the inline audio paused for the preview').to.equal(true);
    const dialog = previewDialog(ann)!;
    await waitUntil(() => dialog.state === 'ready' || dialog.state === 'error', 'the preview did not settle', { timeout: 15000 });
    expect(dialog.state).to.equal('ready');
    dialog.close();
  });

  it('keeps just Download (and Preview) where the browser cannot play the type or the clip is long', async () => {
    const session = newSessionId();
    alice = await joinAs(session, { role: 'technician', name: 'Alice' });
    const long: MediaInfo = { durationMs: 6 * 60 * 1000 };
    const mediaOf = (file: Blob): MediaInfo | undefined => ((file as File).name === 'long.ogg' ? long : (file as File).name === 'voice.ogg' ? { voice: true, durationMs: 7 * 60 * 1000 } : undefined);
    const files = [
      new File([new Uint8Array(64)], 'old.avi', { type: 'video/x-made-up' }),
      await fixtureAs('media/clip.mp4', 'video/mp4'),
      await fixtureAs('media/tone.ogg', 'audio/ogg', 'long.ogg'),
      await fixtureAs('media/tone.ogg', 'audio/ogg', 'untimed.ogg'),
      await fixtureAs('media/tone.ogg', 'audio/ogg', 'voice.ogg'),
    ];
    for (const handle of alice.shareFiles(files, { media: mediaOf })) await handle.done;
    const el = await mountChat(session, 'customer', 'Bob');

    const avi = await waitForCard(el, 'old.avi');
    expect(playerOf(avi), 'player for an unplayable type').to.equal(null);
    expect(cardControl(avi, 'Preview old.avi')).to.equal(null);
    expect(cardControl(avi, 'Download old.avi')).to.not.equal(null);

    // H.264/AAC plays only in builds with those codecs: a player exactly where the browser says it can.
    const mp4 = await waitForCard(el, 'clip.mp4');
    const canPlayMp4 = document.createElement('video').canPlayType('video/mp4') !== '';
    expect(playerOf(mp4) !== null, `player for mp4 (canPlayType: ${canPlayMp4})`).to.equal(canPlayMp4);
    expect(cardControl(mp4, 'Download clip.mp4')).to.not.equal(null);
    if (canPlayMp4) {
      const player = playerOf(mp4)!;
      player.muted = true;
      await fileRequests(true);
      await player.play();
      await seek(player, 1.5);
      expect(player.duration).to.be.closeTo(3, 0.2);
      const requests = await fileRequests(true);
      expect(requests.every((r) => r.range !== null && r.status === 206), JSON.stringify(requests)).to.equal(true);
      player.pause();
    }

    const longCard = await waitForCard(el, 'long.ogg');
    expect(cardText(longCard)).to.contain('6:00 · ');
    expect(playerOf(longCard), 'player for a 6-minute clip').to.equal(null);
    expect(cardControl(longCard, 'Preview long.ogg')).to.not.equal(null);

    // Not measured: small enough to play inline anyway, with no duration shown.
    const untimed = await waitForCard(el, 'untimed.ogg');
    expect(untimed.shadowRoot!.querySelector('[part~="duration"]')).to.equal(null);
    expect(playerOf(untimed)?.tagName).to.equal('AUDIO');

    // A voice message, whatever its length, is its own player with its waveform, not the card's inline one.
    await waitUntil(
      () => fileCards(el).some((card) => card.message?.file?.name === 'voice.ogg' && card.shadowRoot?.querySelector('session-chat-voice-note')),
      'no voice message player for voice.ogg',
    );
    await expectAccessible(el);
  });

  it('shows a long video’s poster frame with a play mark, opening the preview', async () => {
    const session = newSessionId();
    alice = await joinAs(session, { role: 'technician', name: 'Alice' });
    const clip = await fixtureAs('media/clip.webm', 'video/webm');
    const { measureMedia } = await import('../../src/components/files/media-measure.js');
    const { poster } = await measureMedia(clip, 'video');
    for (const handle of alice.shareFiles([clip], { thumbnail: () => poster, media: () => ({ durationMs: 20 * 60 * 1000 }) })) await handle.done;
    const el = await mountChat(session, 'customer', 'Bob');
    const card = await waitForCard(el, 'clip.webm');
    expect(playerOf(card)).to.equal(null);
    expect(cardText(card)).to.contain('20:00 · ');
    const img = card.shadowRoot!.querySelector<HTMLImageElement>('[part~="thumbnail"]')!;
    expect(img.getAttribute('src')).to.equal(poster);
    const mark = getComputedStyle(img.parentElement!, '::after');
    expect(mark.content, 'a play mark').to.not.equal('none');
    expect(mark.backgroundColor).to.equal('rgb(255, 255, 255)');
    // Forced colours leave the mark as drawn (they would paint it the page's background).
    await executeServerCommand('emulate-media-features', [{ name: 'forced-colors', value: 'active' }]);
    try {
      expect(getComputedStyle(img.parentElement!, '::after').backgroundColor).to.equal('rgb(255, 255, 255)');
      expect(getComputedStyle(img.parentElement!, '::before').backgroundColor).to.equal('rgba(0, 0, 0, 0.6)');
    } finally {
      await executeServerCommand('emulate-media-features', []);
    }
    img.click();
    await waitUntil(() => previewDialog(el)?.isOpen, 'the preview did not open', { timeout: 10000 });
    previewDialog(el)!.close();
    await expectAccessible(el);
  });

  for (const dir of ['ltr', 'rtl'] as const) {
    it(`fits the players and the poster in a 360 px widget (${dir})`, async () => {
      const session = newSessionId();
      alice = await joinAs(session, { role: 'technician', name: 'Alice' });
      const clip = await fixtureAs('media/clip.webm', 'video/webm');
      const long = await fixtureAs('media/clip.webm', 'video/webm', 'long.webm');
      const { measureMedia } = await import('../../src/components/files/media-measure.js');
      const { poster } = await measureMedia(clip, 'video');
      const media = (file: Blob) => ({ durationMs: (file as File).name === 'long.webm' ? 3_600_000 : 3000 });
      const files = [clip, long, await fixtureAs('media/tone.ogg', 'audio/ogg')];
      for (const handle of alice.shareFiles(files, { thumbnail: () => poster, media })) await handle.done;
      document.documentElement.dir = dir;
      try {
        const el = await mountChat(session, 'customer', 'Bob');
        const box = el.parentElement!.getBoundingClientRect();
        for (const name of ['clip.webm', 'long.webm', 'tone.ogg']) {
          const card = await waitForCard(el, name);
          card.scrollIntoView();
          const cardBox = card.shadowRoot!.querySelector('[part~="card"]')!.getBoundingClientRect();
          expect(cardBox.left, `${name}: card inside the widget`).to.be.at.least(box.left);
          expect(cardBox.right).to.be.at.most(box.right);
          const shown = playerOf(card) ?? card.shadowRoot!.querySelector('[part~="thumbnail"]')!;
          const shownBox = shown.getBoundingClientRect();
          expect(shownBox.width, `${name}: ${shown.tagName} has a width`).to.be.above(100);
          expect(shownBox.left, `${name}: ${shown.tagName} inside its card`).to.be.at.least(cardBox.left);
          expect(shownBox.right).to.be.at.most(cardBox.right);
        }
      } finally {
        document.documentElement.dir = '';
      }
    });
  }

  it('measures from a blob: URL it revokes, and gives up on bytes it cannot decode without failing the share', async () => {
    const { measureMedia } = await import('../../src/components/files/media-measure.js');
    const created: string[] = [];
    const revoked: string[] = [];
    const { createObjectURL, revokeObjectURL } = URL;
    URL.createObjectURL = (blob: Blob) => {
      const url = createObjectURL(blob);
      created.push(url);
      return url;
    };
    URL.revokeObjectURL = (url: string) => {
      revoked.push(url);
      revokeObjectURL(url);
    };
    try {
      const tone = await measureMedia(await fixtureAs('media/tone.ogg', 'audio/ogg'), 'audio');
      expect(tone.durationMs).to.be.closeTo(3000, 100);
      expect(tone.poster).to.equal(undefined);
      const started = performance.now();
      const junk = new File([crypto.getRandomValues(new Uint8Array(4096))], 'junk.webm', { type: 'video/webm' });
      expect(await measureMedia(junk, 'video')).to.deep.equal({});
      expect(performance.now() - started, 'an undecodable file fails fast, not at the timeout').to.be.below(5000);
    } finally {
      URL.createObjectURL = createObjectURL;
      URL.revokeObjectURL = revokeObjectURL;
    }
    expect(created.length).to.equal(2);
    expect(revoked).to.deep.equal(created);
  });

  it('formats durations and decides what plays inline', () => {
    expect(formatDuration(65_000, 'en')).to.equal('1:05');
    expect(formatDuration(7_400, 'en')).to.equal('0:07');
    expect(formatDuration(300, 'en')).to.equal('0:01');
    expect(formatDuration(0, 'en')).to.equal('0:00');
    expect(formatDuration(3_723_000, 'en')).to.equal('1:02:03');
    expect(formatDuration(65_000, 'ar-EG')).to.equal('١:٠٥');
    const MB = 1024 * 1024;
    expect(playsInline({ size: 25 * MB, media: { durationMs: 5 * 60 * 1000 } })).to.equal(true);
    expect(playsInline({ size: 25 * MB + 1, media: { durationMs: 1000 } })).to.equal(false);
    expect(playsInline({ size: MB, media: { durationMs: 5 * 60 * 1000 + 1 } })).to.equal(false);
    expect(playsInline({ size: 10 * MB })).to.equal(true);
    expect(playsInline({ size: 10 * MB + 1 })).to.equal(false);
  });
});

