/**
 * A slide's HTML made safe to show, as the docx HTML is (`docx-sanitize.ts`): DOMPurify keeps
 * text, paragraphs, spans, tables, `data:` raster pictures and the `style` attributes the slide
 * writer made (positions, sizes, colours), and drops a style attribute that could load or
 * escape anything. The frame it goes into has no scripts and a CSP that allows no network.
 */
import DOMPurify from 'dompurify';
import { DOCX_FRAME_CSP, DOCX_FRAME_SANDBOX } from './docx-sanitize.js';

/** The same policy as the docx frame: inline styles and `data:` images, nothing else. */
export const SLIDE_FRAME_CSP = DOCX_FRAME_CSP;
/** No scripts, an opaque origin. */
export const SLIDE_FRAME_SANDBOX = DOCX_FRAME_SANDBOX;

const SAFE_IMAGE = /^data:image\/(png|jpeg|gif);base64,[a-z0-9+/=]*$/i;
/** Style values the writer makes: lengths, percents, colours, keywords; no url(), no escapes. */
const SAFE_STYLE = /^[a-z0-9\s:;%.#,()\-]*$/i;
const UNSAFE_STYLE = /url|image|expression|import|var\(|attr\(|element\(/i;

let purifier: ReturnType<typeof DOMPurify> | null = null;

function createPurifier(): ReturnType<typeof DOMPurify> {
  const purify = DOMPurify(window);
  purify.addHook('uponSanitizeAttribute', (_node, data) => {
    if (data.attrName === 'style' && (!SAFE_STYLE.test(data.attrValue) || UNSAFE_STYLE.test(data.attrValue))) data.keepAttr = false;
  });
  purify.addHook('afterSanitizeAttributes', (node) => {
    if (node.nodeName === 'IMG' && !SAFE_IMAGE.test(node.getAttribute('src') ?? '')) node.remove();
  });
  return purify;
}

/** A slide's HTML (from `SlideWriter`), sanitized. */
export function sanitizeSlideHtml(html: string): string {
  purifier ??= createPurifier();
  return purifier.sanitize(html, {
    ALLOWED_TAGS: ['div', 'p', 'span', 'br', 'table', 'tbody', 'tr', 'td', 'img'],
    ALLOWED_ATTR: ['style', 'class', 'src', 'alt'],
    ALLOW_DATA_ATTR: false,
    ALLOWED_URI_REGEXP: /^data:image\/(?:png|jpeg|gif);base64,/i,
    RETURN_TRUSTED_TYPE: false,
  }) as string;
}

const FRAME_STYLES = `
  :root { color-scheme: light; }
  html, body { margin: 0; height: 100%; overflow: hidden; }
  body { position: relative; background: #fff; color: #000; font-family: Arial, 'Liberation Sans', Helvetica, sans-serif; line-height: 1.2; overflow-wrap: anywhere; }
  .bg { position: absolute; inset: 0; }
  .s { position: absolute; display: flex; flex-direction: column; overflow: visible; padding: 0.5vw 0.9vw; }
  .s.m { justify-content: center; }
  .s.b { justify-content: flex-end; }
  img.s { padding: 0; object-fit: fill; }
  .ln { position: absolute; height: 0; }
  p { margin: 0; unicode-bidi: plaintext; }
  .bu { display: inline-block; min-width: 1.1em; margin-inline-start: -1.1em; }
  .missing { align-items: center; justify-content: center; border: 0.15vw dashed #8a8a8a; color: #555; background: #f3f3f3; font-size: 1.4vw; text-align: center; }
  table { border-collapse: collapse; width: 100%; }
  td { border: 0.1vw solid #8a8a8a; padding: 0.3vw 0.6vw; vertical-align: top; }
  .flow { position: absolute; inset: 0; padding: 4vw 5vw; font-size: 2.4vw; overflow: hidden; }
  .flow p { margin: 0 0 0.8vw; }
  .flow .t { font-size: 3.6vw; font-weight: bold; margin-bottom: 2vw; }
`;

/** The whole `srcdoc` of a slide's frame: CSP first, then the styles and the sanitized slide. */
export function slideFrameDocument(sanitizedBody: string, lang = 'en'): string {
  return `<!doctype html><html lang="${lang.replace(/[^a-zA-Z0-9-]/g, '')}"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${SLIDE_FRAME_CSP}"><style>${FRAME_STYLES}</style></head><body>${sanitizedBody}</body></html>`;
}
