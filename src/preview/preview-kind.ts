/**
 * Which previewer shows a file, from its MIME type and its name's extension. Tiny on purpose:
 * the widget's first load includes it to decide whether a file card offers a preview, while
 * the previewers themselves load with `import()` only when a preview opens.
 */
export type PreviewKind = 'pdf' | 'docx' | 'slides' | 'csv' | 'sheet' | 'text' | 'image' | 'audio' | 'video' | 'rtf' | 'doc' | 'none';

const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/svg+xml']);
const IMAGE_EXTENSIONS = new Set(['png', 'jpg', 'jpeg', 'jpe', 'gif', 'webp', 'svg']);
const TEXT_TYPES = new Set([
  'application/json',
  'application/ld+json',
  'application/xml',
  'application/x-yaml',
  'application/yaml',
  'application/toml',
  'application/javascript',
  'application/x-javascript',
  'application/x-sh',
  'application/sql',
  'application/x-ndjson',
]);
const TEXT_EXTENSIONS = new Set(
  (
    'txt text log md markdown json jsonl ndjson xml yaml yml ini cfg conf toml env properties ' +
    'js mjs cjs ts tsx jsx css scss less html htm vue svelte py rb go rs java kt kts c h cc cpp hpp cs ' +
    'swift php pl sh bash zsh fish ps1 bat cmd sql r lua dart scala ex exs erl hs ml clj ' +
    'gradle makefile dockerfile gitignore editorconfig diff patch rst adoc tex srt vtt'
  ).split(' '),
);
const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
/**
 * Presentations: every PowerPoint type (`vnd.ms-powerpoint…`, `…presentationml…`) and
 * OpenDocument's (`…opendocument.presentation…`); short on purpose, as this file is in the first
 * load. Whatever else such a file is, the previewer reads its bytes and says so.
 */
const SLIDES_TYPE = /presentation|powerpoint/;
const SLIDES_EXTENSION = /^(ppt[xm]?|ppsx|f?odp)$/;
/** Spreadsheets (xlsx, xlsm, xlsb, xls, ods, fods, sxc): patterns, as this module is in the first load. */
const SHEET_TYPE = /^application\/vnd\.(openxmlformats-officedocument\.spreadsheetml\.sheet|ms-excel(\.sheet\.(binary\.)?macroenabled\.12)?|oasis\.opendocument\.spreadsheet(-flat-xml)?|sun\.xml\.calc)$/;
const SHEET_EXTENSION = /^(xls[xmb]?|f?ods|sxc)$/;

/** The extension of a file name, lower case, without the dot (`"report.PDF"` → `"pdf"`). */
export function extensionOf(name: string): string {
  const base = name.slice(name.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : base.toLowerCase();
}

/**
 * The previewer for a file. The MIME type wins where it is specific; a generic one
 * (`application/octet-stream`, empty) leaves the decision to the extension.
 */
export function previewKindOf(file: { name: string; type?: string }): PreviewKind {
  const type = (file.type ?? '').split(';')[0]!.trim().toLowerCase();
  const ext = extensionOf(file.name);
  if (type === 'application/pdf' || ext === 'pdf') return 'pdf';
  if (type === DOCX_TYPE || ext === 'docx') return 'docx';
  if (SLIDES_TYPE.test(type) || SLIDES_EXTENSION.test(ext)) return 'slides';
  if (/^(application\/(x-)?rtf|text\/rtf)$/.test(type) || ext === 'rtf') return 'rtf';
  // Not a text/* type: a Graphviz `.dot` file is text.
  if (type === 'application/msword' || (/^do[ct]$/.test(ext) && !type.startsWith('text/'))) return 'doc';
  if (SHEET_TYPE.test(type) || SHEET_EXTENSION.test(ext)) return 'sheet';
  if (type === 'text/csv' || type === 'text/tab-separated-values' || ext === 'csv' || ext === 'tsv') return 'csv';
  if (IMAGE_TYPES.has(type)) return 'image';
  const media = mediaKindOf(file);
  if (media) return media;
  if (type.startsWith('image/')) return 'none';
  if (type.startsWith('text/') || TEXT_TYPES.has(type) || type.endsWith('+json') || type.endsWith('+xml')) return 'text';
  if (IMAGE_EXTENSIONS.has(ext)) return 'image';
  if (TEXT_EXTENSIONS.has(ext)) return 'text';
  return 'none';
}

/** Formats shown here as text only (doc, ppt) or approximately (rtf): a relay's PDF rendition (when it offers one) shows them better. */
const TEXT_ONLY_EXTENSIONS = new Set(['doc', 'dot', 'rtf', 'ppt', 'pps', 'pot']);

/**
 * Whether a PDF made by the relay's converter is the better preview of a file: one no previewer
 * here shows, or one shown as text only. Whether the relay converts it at all is the client's
 * `renditionUrl()` to say.
 */
export function prefersRendition(file: { name: string; type?: string }): boolean {
  return TEXT_ONLY_EXTENSIONS.has(extensionOf(file.name)) || previewKindOf(file) === 'none';
}

/** The MIME type an image is shown with (never trusting a sender's type for anything but images). */
export function imageTypeOf(file: { name: string; type?: string }): string {
  const type = (file.type ?? '').split(';')[0]!.trim().toLowerCase();
  if (IMAGE_TYPES.has(type)) return type;
  const ext = extensionOf(file.name);
  if (ext === 'svg') return 'image/svg+xml';
  if (ext === 'jpg' || ext === 'jpeg' || ext === 'jpe') return 'image/jpeg';
  return `image/${ext}`;
}

const MEDIA_EXTENSIONS: Record<string, string> = {
  mp4: 'video/mp4', m4v: 'video/mp4', webm: 'video/webm', ogv: 'video/ogg', mov: 'video/quicktime',
  mp3: 'audio/mpeg', m4a: 'audio/mp4', ogg: 'audio/ogg', oga: 'audio/ogg', opus: 'audio/ogg', wav: 'audio/wav', flac: 'audio/flac',
};

/**
 * The MIME type a media file is played with: its shared `audio/*` or `video/*` type; for a
 * file shared without a type (or as `application/octet-stream`), one from its extension; else ''.
 */
export function mediaTypeOf(file: { name: string; type?: string }): string {
  const type = (file.type ?? '').split(';')[0]!.trim().toLowerCase();
  if (type.startsWith('audio/') || type.startsWith('video/')) return type;
  if (type && type !== 'application/octet-stream') return '';
  return MEDIA_EXTENSIONS[extensionOf(file.name)] ?? '';
}

/** What this browser says of each media type (`canPlayType`), asked once per type: cards ask on every render. */
const playable = new Map<string, boolean>();

/** `audio` or `video` when this browser can play the file's media type, else nothing. */
function mediaKindOf(file: { name: string; type?: string }): 'audio' | 'video' | undefined {
  const media = mediaTypeOf(file);
  if (!media || typeof document === 'undefined') return undefined;
  let can = playable.get(media);
  if (can === undefined) playable.set(media, (can = document.createElement('video').canPlayType(media) !== ''));
  if (!can) return undefined;
  return media.startsWith('video/') ? 'video' : 'audio';
}
