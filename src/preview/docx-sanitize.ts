/**
 * The docx HTML made safe to show: DOMPurify removes scripts, event handlers, `javascript:`
 * and other non-web URLs, forms, frames, styles and anything that could load from outside; an
 * image whose source is not a `data:` URI of a raster type is dropped. The result goes into a
 * sandboxed frame (no scripts) whose CSP allows no network at all, so even a sanitizer miss
 * can neither run nor call out.
 */
import DOMPurify from 'dompurify';

/** The CSP of the preview frame: inline styles (ours) and `data:` images, nothing else. */
export const DOCX_FRAME_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";
/** No `allow-scripts`, no `allow-same-origin`: a link opens (as a new tab, on a click) and nothing else. */
export const DOCX_FRAME_SANDBOX = 'allow-popups allow-popups-to-escape-sandbox';

const SAFE_IMAGE = /^data:image\/(png|jpeg|gif|webp|bmp);base64,[a-z0-9+/=\s]*$/i;
const SAFE_LINK = /^(https?:|mailto:|#)/i;

let purifier: ReturnType<typeof DOMPurify> | null = null;

function createPurifier(): ReturnType<typeof DOMPurify> {
  const purify = DOMPurify(window);
  purify.addHook('afterSanitizeAttributes', (node) => {
    if (node.nodeName === 'IMG') {
      const src = node.getAttribute('src') ?? '';
      if (!SAFE_IMAGE.test(src)) node.remove();
      return;
    }
    if (node.nodeName === 'A') {
      const href = node.getAttribute('href');
      if (href === null) return;
      if (!SAFE_LINK.test(href.trim())) {
        node.removeAttribute('href');
        return;
      }
      if (!href.startsWith('#')) {
        node.setAttribute('target', '_blank');
        node.setAttribute('rel', 'noopener noreferrer');
      }
    }
  });
  return purify;
}

/** mammoth's HTML, sanitized (a string of body content). */
export function sanitizeDocxHtml(html: string): string {
  purifier ??= createPurifier();
  return purifier.sanitize(html, {
    USE_PROFILES: { html: true },
    FORBID_TAGS: ['style', 'script', 'iframe', 'frame', 'frameset', 'object', 'embed', 'form', 'input', 'button', 'select', 'option', 'textarea', 'link', 'meta', 'base', 'svg', 'math', 'video', 'audio', 'source', 'picture', 'template'],
    FORBID_ATTR: ['style', 'srcset', 'action', 'formaction', 'background', 'poster', 'ping', 'xlink:href'],
    ALLOW_DATA_ATTR: false,
    // With a custom ALLOWED_URI_REGEXP, DOMPurify drops any attribute whose value is no allowed
    // URL unless it is listed as URI-safe: `dir="auto"` (rtf/.doc paragraphs) is kept here.
    ADD_URI_SAFE_ATTR: ['dir'],
    ALLOWED_URI_REGEXP: /^(?:https?:|mailto:|#|data:image\/(?:png|jpeg|gif|webp|bmp);base64,)/i,
    RETURN_TRUSTED_TYPE: false,
  }) as string;
}

const FRAME_STYLES = `
  :root { color-scheme: light dark; }
  body { margin: 0; padding: 1rem 1.25rem 2rem; font: 0.9375rem/1.5 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; overflow-wrap: anywhere; }
  img { max-width: 100%; height: auto; }
  table { border-collapse: collapse; margin: 0.75rem 0; max-width: 100%; }
  td, th { border: 1px solid #8886; padding: 0.25rem 0.5rem; vertical-align: top; }
  p { margin: 0 0 0.6rem; }
  h1, h2, h3, h4, h5, h6 { line-height: 1.25; margin: 1.2rem 0 0.5rem; }
  ol, ul { padding-inline-start: 1.75rem; }
  a { color: LinkText; }
`;

/** The whole `srcdoc` of the preview frame: CSP first, then our styles and the sanitized body. */
export function docxFrameDocument(sanitizedBody: string, lang = 'en'): string {
  return `<!doctype html><html lang="${lang.replace(/[^a-zA-Z0-9-]/g, '')}"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${DOCX_FRAME_CSP}"><style>${FRAME_STYLES}</style></head><body>${sanitizedBody}</body></html>`;
}
