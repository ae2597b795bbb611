/**
 * Sharing files from the widget, loaded on the first share: starts the uploads with the
 * caption and a thumbnail maker for images, and reports refusals, shares and failures in words.
 */
import type { SessionClient, UploadHandle } from '../client/index.js';
import { isInlineImageType } from '../protocol/index.js';
import type { LocalizeController } from './localize/localize.js';
import { uploadFailure } from './session-chat-uploads/upload-failure.js';

/** The thumbnail maker draws on a canvas: its own chunk, fetched for the first image. */
const thumbnailOf = async (file: Blob): Promise<string | undefined> =>
  isInlineImageType(file.type) ? (await import('./thumbnails.js')).makeThumbnail(file) : undefined;

/**
 * Shares `files` as one item (`caption` goes with the first) and calls `say` with what the
 * user should hear: at once for files the client refuses (too large, a refused type), later
 * when each one is shared or fails.
 */
export function shareFiles(
  client: SessionClient,
  files: File[],
  caption: string,
  localize: LocalizeController,
  say: (text: string) => void,
): UploadHandle[] {
  const handles = client.shareFiles(files, { caption, thumbnail: thumbnailOf });
  const refused: string[] = [];
  for (const handle of handles) {
    if (handle.state === 'failed') {
      refused.push(uploadFailure(handle, client.limits, localize));
      continue;
    }
    handle.addEventListener('statechange', ({ detail }) => {
      if (detail.state === 'done') say(localize.term('files.shared', { name: handle.name }));
      else if (detail.state === 'failed') say(uploadFailure(handle, client.limits, localize));
    });
  }
  say(refused.join(' '));
  return handles;
}
