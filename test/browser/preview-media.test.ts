import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { a11ySnapshot, findAccessibilityNode } from '@web/test-runner-commands';
import '../../src/index.js';
import type { SessionClient } from '../../src/client/index.js';
import type { SessionChat } from '../../src/components/session-chat/session-chat.component.js';
import { cardControl, previewDialog, waitForCard } from './support/files.js';
import { previewRoot } from './support/preview.js';
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

const MEDIA_MODULE = /media-preview/;

async function fileRequests(clear = false): Promise<FileRequest[]> {
  const response = await fetch(`/__relay/file-requests${clear ? '?clear=1' : ''}`);
  return ((await response.json()) as { requests: FileRequest[] }).requests;
}

async function fixtureAs(path: string, type: string): Promise<File> {
  const response = await fetch(`/__fixtures/${path}`);
  return new File([await response.arrayBuffer()], path.split('/').pop()!, { type });
}

async function mountChat(session: string): Promise<SessionChat> {
  const server = await relayUrl();
  const token = await tokenFor(session, { role: 'customer', name: 'Bob' });
  const box = await fixture<HTMLDivElement>(html`<div style="width: 360px; height: 560px"><session-chat server=${server} token=${token}></session-chat></div>`);
  const el = box.querySelector('session-chat')!;
  await waitUntil(() => el.connectionState === 'live', 'the element did not go live', { timeout: 5000 });
  return el;
}

function once(target: EventTarget, type: string): Promise<void> {
  return new Promise((resolve) => target.addEventListener(type, () => resolve(), { once: true }));
}

describe('audio and video preview', () => {
  let alice: SessionClient | null = null;
  afterEach(() => {
    alice?.close();
    alice = null;
  });

  // First, before anything in this page loaded the media previewer.
  it('plays a shared video and audio file from the relay with range requests, loading the player only when opened', async () => {
    const session = newSessionId();
    alice = await joinAs(session, { role: 'technician', name: 'Alice' });
    const files = [await fixtureAs('media/clip.webm', 'video/webm'), await fixtureAs('media/tone.ogg', 'audio/ogg'), new File([new Uint8Array(64)], 'old.avi', { type: 'video/x-made-up' })];
    for (const handle of alice.shareFiles(files)) await handle.done;
    const el = await mountChat(session);
    const mediaLoaded = () => performance.getEntriesByType('resource').some((entry) => MEDIA_MODULE.test(entry.name));

    // A type this browser cannot play keeps only Download.
    const avi = await waitForCard(el, 'old.avi');
    expect(cardControl(avi, 'Preview old.avi')).to.equal(null);

    for (const [name, tag, label] of [
      ['clip.webm', 'video', 'Video: clip.webm'],
      ['tone.ogg', 'audio', 'Audio: tone.ogg'],
    ] as const) {
      const card = await waitForCard(el, name);
      expect(mediaLoaded(), `media module fetched before opening ${name}`).to.equal(name !== 'clip.webm');
      await fileRequests(true);
      cardControl<HTMLButtonElement>(card, `Preview ${name}`)!.click();
      await waitUntil(() => previewDialog(el)?.isOpen, 'the preview did not open', { timeout: 10000 });
      const dialog = previewDialog(el)!;
      await waitUntil(() => dialog.state === 'ready' || dialog.state === 'error', 'the preview did not settle', { timeout: 15000 });
      expect(dialog.state, name).to.equal('ready');
      expect(mediaLoaded()).to.equal(true);

      const media = previewRoot(dialog).querySelector<HTMLMediaElement>(tag)!;
      expect(media, `<${tag}>`).to.exist;
      expect(media.controls).to.equal(true);
      expect(media.preload).to.equal('metadata');
      expect(media.getAttribute('aria-label')).to.equal(label);
      expect(media.src).to.equal(el.client!.fileUrl(alice.state.messages.find((m) => m.file?.name === name)!.file!.id));
      expect(media.duration).to.be.closeTo(3, 0.2);
      const snapshot = (await a11ySnapshot({})) as unknown as AxNode;
      expect(findAccessibilityNode(snapshot as never, (n: AxNode) => n.name === label), `accessible name ${label}`).to.not.equal(null);

      await expectAccessible(el);

      const seeked = once(media, 'seeked');
      media.currentTime = 2.5;
      await seeked;
      expect(media.currentTime).to.be.closeTo(2.5, 0.1);

      const requests = (await fileRequests()).filter((r) => r.method === 'GET');
      expect(requests.length, 'media requests').to.be.greaterThan(0);
      expect(requests.every((r) => r.range !== null && r.status === 206), JSON.stringify(requests)).to.equal(true);
      dialog.close();
    }
  });
});
