/**
 * Images (png, jpeg, gif, webp, svg): the bytes become a `blob:` URL of an image type shown in
 * an `<img>`. An SVG is never put in the DOM as markup: inside `<img>` it can run no script and
 * load nothing. Fit to the window, zoom in and out, actual size.
 */
import { css, html, nothing, render } from 'lit';
import { PreviewError } from './preview-error.js';
import { previewBaseStyles } from './preview-base.styles.js';
import { imageTypeOf } from './preview-kind.js';
import { createPreviewRoot } from './preview-root.js';
import { PreviewProgress, readBytes } from './preview-source.js';
import { fillString } from './preview-strings.js';
import type { PreviewContext, PreviewHandle } from './preview-types.js';

/** Larger images are offered for download only. */
export const MAX_IMAGE_BYTES = 50 * 1024 * 1024;
const STEP = 1.25;

const styles = css`
  .scroller {
    display: grid;
    background: repeating-conic-gradient(#8881 0% 25%, transparent 0% 50%) 50% / 1rem 1rem;
  }
  img {
    margin: auto;
    display: block;
  }
  .fit img {
    max-width: 100%;
    max-height: 100%;
    object-fit: contain;
  }
`;

export function mountPreview(context: PreviewContext): PreviewHandle {
  const { strings, lang, signal } = context;
  const root = createPreviewRoot(context.container, [previewBaseStyles, styles]);
  let url: string | null = null;
  let scale: number | null = null; // null: fit to the window
  let natural = { width: 0, height: 0 };
  let destroyed = false;

  const img = () => root.querySelector('img');
  const currentScale = () => {
    if (scale !== null) return scale;
    const shown = img();
    return shown && natural.width ? shown.getBoundingClientRect().width / natural.width : 1;
  };
  const zoom = (next: number | null) => {
    scale = next === null ? null : Math.min(16, Math.max(0.05, next));
    draw();
  };

  const draw = () => {
    if (destroyed) return;
    const percent = Math.round(currentScale() * 100);
    render(
      html`
        <div class="toolbar">
          <span class="status" role="status">${natural.width ? `${natural.width} × ${natural.height} · ${percent}%` : strings.loading}</span>
          <button type="button" aria-label=${strings.zoomOut} title=${strings.zoomOut} @click=${() => zoom(currentScale() / STEP)}>−</button>
          <button type="button" aria-label=${strings.zoomIn} title=${strings.zoomIn} @click=${() => zoom(currentScale() * STEP)}>+</button>
          <button type="button" aria-pressed=${scale === null ? 'true' : 'false'} @click=${() => zoom(null)}>${strings.fitWindow}</button>
          <button type="button" aria-pressed=${scale === 1 ? 'true' : 'false'} @click=${() => zoom(1)}>${strings.actualSize}</button>
        </div>
        <div class="scroller ${scale === null ? 'fit' : ''}" tabindex="0" role="region" aria-label=${context.file.name}>
          ${url
            ? html`<img
                src=${url}
                alt=${fillString(strings.imageAlt, { name: context.file.name }, lang)}
                width=${scale === null || !natural.width ? nothing : Math.round(natural.width * scale)}
                height=${scale === null || !natural.height ? nothing : Math.round(natural.height * scale)}
              />`
            : null}
        </div>
      `,
      root,
    );
  };

  draw();
  const progress = new PreviewProgress(signal, context.onError).run(async () => {
    const response = await context.open(signal);
    const bytes = await readBytes(response, MAX_IMAGE_BYTES, signal);
    if (destroyed) return;
    url = URL.createObjectURL(new Blob([bytes], { type: imageTypeOf(context.file) }));
    const probe = new Image();
    probe.src = url;
    try {
      await probe.decode();
    } catch (error) {
      if (signal.aborted) return;
      throw new PreviewError('corrupt', 'the image cannot be decoded', { cause: error });
    }
    natural = { width: probe.naturalWidth, height: probe.naturalHeight };
    draw();
    // The fitted percentage needs the laid-out size.
    requestAnimationFrame(() => draw());
    progress.shown();
  });

  return {
    ready: progress.ready,
    destroy() {
      if (destroyed) return;
      destroyed = true;
      render(null, root);
      if (url) URL.revokeObjectURL(url);
      url = null;
    },
  };
}
