/**
 * The work behind `FileSharingController`, fetched on the first drag, share, preview or upload
 * together with the parts it drives (`<session-chat-files>`, `<session-chat-uploads>`): the drop
 * zone's life, sharing (caption, thumbnails for images, the duration and poster frame of audio
 * and video), what is announced, and previews.
 */
import type { MediaInfo } from '../../protocol/index.js';
import { previewKindOf } from '../../preview/preview-kind.js';
import type { FileSharingController } from './file-sharing-controller.js';
import type { MediaMeasurement } from './media-measure.js';
import { ChatErrorEvent } from '../shared/events/chat-error.js';
import type { ChatAnnounceEvent } from '../shared/events/chat-announce.js';
import type { ChatPreviewEvent } from '../shared/events/chat-preview.js';
import type { ChatShareEvent } from '../shared/events/chat-share.js';
import { LocalizeController } from '../shared/localize/localize.js';
import './session-chat-files/session-chat-files.js';
import type { SessionChatFiles } from './session-chat-files/session-chat-files.component.js';
import './session-chat-uploads/session-chat-uploads.js';
import { uploadFailure } from './session-chat-uploads/upload-failure.js';
// The strings this lazy part shows.
import '../shared/localize/en-more.js';
import { displayName } from '../shared/display-name.js';

/** A drag that sent no `dragover` for this long has ended (Escape, or it left without a `dragleave`). */
const DRAG_IDLE_MS = 400;

const localizers = new WeakMap<FileSharingController, LocalizeController>();
const dragTimers = new WeakMap<FileSharingController, ReturnType<typeof setTimeout>>();

function localizeOf(sharing: FileSharingController): LocalizeController {
  let localize = localizers.get(sharing);
  if (!localize) localizers.set(sharing, (localize = new LocalizeController(sharing.host)));
  return localize;
}

function layerOf(sharing: FileSharingController): SessionChatFiles | null {
  return sharing.host.renderRoot.querySelector('session-chat-files');
}

/**
 * The duration of an audio or video file and a video's poster frame, read by a media element
 * (`media-measure.ts`, its own chunk, fetched for the first such file); once per file.
 */
function measured(file: Blob): Promise<MediaMeasurement | undefined> {
  const kind = previewKindOf({ name: file instanceof File ? file.name : '', type: file.type });
  if (kind !== 'audio' && kind !== 'video') return Promise.resolve(undefined);
  return import('./media-measure.js').then(({ measureMedia }) => measureMedia(file, kind)).catch(() => undefined);
}

/** The thumbnail maker draws on a canvas: its own chunk, fetched for the first image. A video's is its poster frame. */
async function thumbnailOf(file: Blob): Promise<string | undefined> {
  return file.type.startsWith('image/') ? (await import('./thumbnails.js')).makeThumbnail(file) : (await measured(file))?.poster;
}

async function mediaOf(file: Blob): Promise<MediaInfo | undefined> {
  const durationMs = (await measured(file))?.durationMs;
  return durationMs === undefined ? undefined : { durationMs };
}

/** Handles an event the controller accepted (`dropped`: the files of a drop, read while it was dispatched). */
export function handleFileEvent(sharing: FileSharingController, event: Event, dropped?: File[]): void {
  const layer = layerOf(sharing);
  switch (event.type) {
    case 'dragenter':
    case 'dragover':
      clearTimeout(dragTimers.get(sharing));
      dragTimers.set(sharing, setTimeout(() => setDragging(sharing, false), DRAG_IDLE_MS));
      if (!layer || layer.dragging) return;
      layer.dragging = true;
      void layer.announce(localizeOf(sharing).term('files.dropHint'));
      return;
    case 'dragleave': {
      // Leaving an inner element enters another: only leaving the widget's box ends the drag.
      const box = sharing.host.getBoundingClientRect();
      const { clientX: x, clientY: y } = event as DragEvent;
      if (x <= box.left || x >= box.right || y <= box.top || y >= box.bottom) setDragging(sharing, false);
      return;
    }
    case 'drop':
      setDragging(sharing, false);
      sharing.composer()?.attach(dropped ?? []);
      return;
    case 'chat-share':
      share(sharing, event as ChatShareEvent, layer);
      return;
    case 'chat-preview': {
      const id = (event as ChatPreviewEvent).detail.message.file?.id;
      if (id) void layer?.preview(id);
      return;
    }
    case 'chat-announce':
      void layer?.announce((event as ChatAnnounceEvent).detail.text);
      return;
    case 'chat-uploads-empty':
      // The last upload's buttons went with it: the focus goes back to the message box.
      sharing.composer()?.focus();
      return;
  }
}

function setDragging(sharing: FileSharingController, dragging: boolean): void {
  if (!dragging) clearTimeout(dragTimers.get(sharing));
  const layer = layerOf(sharing);
  if (layer) layer.dragging = dragging;
}

/**
 * Shares the files as one item (the caption goes with the first); announces at once what the
 * client refuses (too large, a refused type), later when each one is shared or fails.
 */
function share(sharing: FileSharingController, event: ChatShareEvent, layer: SessionChatFiles | null): void {
  const client = sharing.host.client;
  if (!client) return;
  const localize = localizeOf(sharing);
  const say = (text: string) => void layer?.announce(text);
  const { files, caption, media } = event.detail;
  // Audio and video are measured while they upload; a voice message comes measured by its recorder.
  if (!media) for (const file of files) void measured(file);
  const handles = client.shareFiles(files, { caption, thumbnail: thumbnailOf, media: media ? () => media : mediaOf });
  // The composer gave its text as the caption and is empty now: say so as typing would (the
  // widget drops the draft and stops the typing notice on input). A voice message took no text.
  if (!event.defaultPrevented && !media?.voice) sharing.composer()?.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  // The host hears of every file that could not be shared, as of any other refusal.
  const tellHost = (handle: (typeof handles)[number]) => {
    if (handle.error) sharing.host.dispatchEvent(new ChatErrorEvent({ error: handle.error }));
  };
  const refused: string[] = [];
  for (const handle of handles) {
    if (handle.state === 'failed') {
      refused.push(uploadFailure(handle, client.limits, localize));
      tellHost(handle);
      continue;
    }
    handle.addEventListener('statechange', ({ detail }) => {
      if (detail.state === 'done') say(media?.voice ? localize.term('voice.sent') : localize.term('files.shared', { name: displayName(handle.name) }));
      else if (detail.state === 'failed') {
        say(uploadFailure(handle, client.limits, localize));
        tellHost(handle);
      }
    });
  }
  say(refused.join(' '));
}
