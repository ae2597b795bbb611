/**
 * The sandboxed frames a converted document is shown in (docx, rtf, .doc): a status line while
 * it loads, a frame made at once (empty and hidden) so that Chromium starts the frame's process
 * while the file downloads and converts, and each document shown in a frame hidden until it has
 * loaded, which then replaces the ones before it. A long document's first screen shows first;
 * its whole text then loads behind it.
 */
import { css, html, nothing, render, type TemplateResult } from 'lit';
import { DOCX_FRAME_SANDBOX, docxFrameDocument } from './docx-sanitize.js';

export const documentFramesStyles = css`
  :host {
    position: relative;
  }
  iframe {
    flex: 1;
    min-height: 0;
    width: 100%;
    border: 0;
    background: var(--_bg, #fff);
  }
  .status-host {
    display: contents;
  }
  iframe.loading {
    position: absolute;
    inset: 0;
    visibility: hidden;
  }
`;

export interface DocumentFrames {
  /**
   * Shows `sanitizedBody` (already sanitized) in a frame, hidden until it has loaded (or for at
   * most 2 s); resolves `true` once it is on screen, `false` when a newer document took its
   * place first or the frames were destroyed. `notices` replace the status line when it shows.
   */
  show(sanitizedBody: string, notices?: readonly string[]): Promise<boolean>;
  destroy(): void;
}

/** `title`: the frames' accessible name; `loading`: the status shown until a document is. */
export function createDocumentFrames(root: ShadowRoot, title: string, lang: string, loading: string): DocumentFrames {
  let destroyed = false;
  // Lit renders the status into a host of its own: the frames are plain nodes beside it.
  const statusHost = root.appendChild(document.createElement('div'));
  statusHost.className = 'status-host';
  render(html`<p class="toolbar"><span class="status" role="status">${loading}</span></p>`, statusHost);
  const makeFrame = (srcdoc: string): HTMLIFrameElement => {
    const frame = document.createElement('iframe');
    frame.className = 'loading';
    frame.setAttribute('aria-hidden', 'true');
    frame.tabIndex = -1;
    frame.title = title;
    frame.setAttribute('sandbox', DOCX_FRAME_SANDBOX);
    frame.referrerPolicy = 'no-referrer';
    frame.srcdoc = srcdoc;
    return frame;
  };
  // Chromium starts a process for sandboxed frames: about 200 ms on a busy machine, more than
  // the conversion of a first screen. The first document shown goes into this one.
  let warmFrame: HTMLIFrameElement | null = root.appendChild(makeFrame(docxFrameDocument('', lang)));
  const warmLoaded = new Promise<void>((resolve) => {
    warmFrame!.addEventListener('load', () => resolve(), { once: true });
    setTimeout(resolve, 2000);
  });
  // The document's frames, oldest first: the one on screen and, while a long document's whole
  // replaces its first screen, the whole one loading hidden behind it. Plain nodes, never
  // moved, so the frame that stays is never reloaded.
  const frames: HTMLIFrameElement[] = [];
  const noticesOf = (notices: readonly string[]): TemplateResult | typeof nothing =>
    notices.length ? html`${notices.map((notice) => html`<p class="notice" role="note">${notice}</p>`)}` : nothing;

  return {
    async show(sanitizedBody, notices = []) {
      if (destroyed) return false;
      const srcdoc = docxFrameDocument(sanitizedBody, lang);
      let frame: HTMLIFrameElement;
      if (warmFrame) {
        frame = warmFrame;
        warmFrame = null;
        frames.push(frame);
        // Its empty document's load is over before the document's own is awaited.
        await warmLoaded;
        frame.srcdoc = srcdoc;
      } else {
        frame = root.appendChild(makeFrame(srcdoc));
        frames.push(frame);
      }
      return new Promise<boolean>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          frame.removeEventListener('load', done);
          // Shown, and the frames before it go; a newer one that is still loading stays. The
          // focus the old frame had goes to the new one.
          const at = frames.indexOf(frame);
          const shows = !destroyed && at >= 0 && frame.classList.contains('loading');
          if (shows) {
            const focused = root.activeElement?.localName === 'iframe';
            for (const old of frames.splice(0, at)) old.remove();
            frame.className = '';
            frame.removeAttribute('aria-hidden');
            frame.removeAttribute('tabindex');
            render(noticesOf(notices), statusHost);
            if (focused) frame.focus();
          }
          resolve(shows);
        };
        const timer = setTimeout(done, 2000);
        frame.addEventListener('load', done);
      });
    },
    destroy() {
      if (destroyed) return;
      destroyed = true;
      render(null, statusHost);
      for (const frame of frames.splice(0)) frame.remove();
      warmFrame?.remove();
      warmFrame = null;
    },
  };
}
