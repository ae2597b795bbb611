/**
 * A shared file's kind as the widget shows it (the colour of its card's icon, the search's
 * "Images" filter): from the name's extension, else from the MIME type. Unlike the preview kind
 * (which previewer can show a file), every image counts, also those no previewer shows (HEIC,
 * TIFF, BMP).
 */

/** What the icon's colour says about a file. */
export type FileKind = 'pdf' | 'document' | 'sheet' | 'image' | 'media' | 'archive' | 'other';

const KINDS: [FileKind, RegExp][] = [
  ['pdf', /^pdf$/],
  ['document', /^(docx?|odt|rtf|pages|txt|md)$/],
  ['sheet', /^(csv|tsv|xlsx?|ods|numbers)$/],
  ['image', /^(png|jpe?g|gif|webp|svg|bmp|heic|avif|tiff?)$/],
  ['media', /^(mp[34]|m4a|wav|ogg|webm|mov|mkv|avi)$/],
  ['archive', /^(zip|rar|7z|tar|gz|tgz|bz2|xz)$/],
];

/** The extension shown on the icon (up to 4 characters, upper case), or '' when the name has none. */
export function fileBadge(name: string): string {
  return /\.([\p{L}\p{N}]{1,4})$/u.exec(name)?.[1]?.toUpperCase() ?? '';
}

/** The icon's kind, from the name's extension, else from the MIME type. */
export function fileKindOf(file: { name: string; type: string }): FileKind {
  const ext = fileBadge(file.name).toLowerCase();
  for (const [kind, pattern] of KINDS) if (pattern.test(ext)) return kind;
  const [major] = file.type.split('/');
  if (major === 'image') return 'image';
  if (major === 'audio' || major === 'video') return 'media';
  if (major === 'text') return 'document';
  return 'other';
}
