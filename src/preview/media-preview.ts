/**
 * Audio and video: the browser's own `<audio controls>` / `<video controls>` (keyboard and
 * accessible names come with them), streamed from the relay's file URL. The element fetches
 * byte ranges itself (the relay answers 206), so seeking never downloads the whole file.
 * `preload="metadata"` reads just enough for the duration and, for a video, its first frame.
 * A file only held as a local blob plays from a `blob:` URL.
 */
import { css, html, render } from 'lit';
import { PreviewError } from './preview-error.js';
import { previewBaseStyles } from './preview-base.styles.js';
import { mediaTypeOf } from './preview-kind.js';
import { createPreviewRoot } from './preview-root.js';
import { PreviewProgress } from './preview-source.js';
import { fillString } from './preview-strings.js';
import type { PreviewContext, PreviewHandle } from './preview-types.js';

const styles = css`
  .scroller {
    display: grid;
    place-items: center;
  }
  video {
    max-width: 100%;
    max-height: 100%;
    background: #000;
  }
  audio {
    width: min(40rem, 100%);
  }
`;

export function mountPreview(context: PreviewContext): PreviewHandle {
  const { strings, lang, signal, file } = context;
  const root = createPreviewRoot(context.container, [previewBaseStyles, styles]);
  const video = mediaTypeOf(file).startsWith('video/');
  let objectUrl: string | null = null;
  let destroyed = false;

  const progress = new PreviewProgress(signal, context.onError).run(async () => {
    let src = context.url;
    if (!src) {
      const blob = await (await context.open(signal)).blob();
      if (destroyed) return;
      src = objectUrl = URL.createObjectURL(blob);
    }
    const label = fillString(video ? strings.videoPlayer : strings.audioPlayer, { name: file.name }, lang);
    render(
      html`<div class="scroller">
        ${video
          ? html`<video controls preload="metadata" playsinline src=${src} aria-label=${label}></video>`
          : html`<audio controls preload="metadata" src=${src} aria-label=${label}></audio>`}
      </div>`,
      root,
    );
    const media = root.querySelector<HTMLMediaElement>('audio, video')!;
    await new Promise<void>((resolve, reject) => {
      const done = () => {
        media.removeEventListener('loadedmetadata', done);
        media.removeEventListener('error', failed);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const failed = () => {
        done();
        const code = media.error?.code;
        reject(new PreviewError(code === MediaError.MEDIA_ERR_NETWORK ? 'network' : code === MediaError.MEDIA_ERR_SRC_NOT_SUPPORTED ? 'unsupported' : 'corrupt', `the media cannot be played (${media.error?.message ?? code})`));
      };
      media.addEventListener('loadedmetadata', done);
      media.addEventListener('error', failed);
      signal.addEventListener('abort', done, { once: true });
    });
    if (!destroyed) progress.shown();
  });

  return {
    ready: progress.ready,
    destroy() {
      if (destroyed) return;
      destroyed = true;
      const media = root.querySelector<HTMLMediaElement>('audio, video');
      if (media) {
        // Stops the element's range requests at once.
        media.pause();
        media.removeAttribute('src');
        media.load();
      }
      render(null, root);
      if (objectUrl) URL.revokeObjectURL(objectUrl);
      objectUrl = null;
    },
  };
}
