import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  DEFAULT_MAX_FILE_BYTES,
  ErrorCodes,
  MAX_FILE_NAME_LENGTH,
  MAX_MEDIA_DURATION_MS,
  MAX_WAVEFORM_LENGTH,
  MAX_THUMBNAIL_LENGTH,
  SessionChatError,
  checkFile,
  decideIntent,
  fileTypeMatches,
  fold,
  initialState,
  isFileTypePattern,
  isInlineImageType,
  isThumbnailDataUrl,
  parseClientFrame,
  reduce,
  sanitizeFileName,
  sanitizeFileType,
  type FileSharedEvent,
  type ParticipantInfo,
  type ResolvedShareIntent,
  type SessionEvent,
} from '../../src/protocol/index.js';

const PNG_1X1 =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
const JPEG_HEAD = `data:image/jpeg;base64,${Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1]).toString('base64')}`;
const WEBP_HEAD = `data:image/webp;base64,${Buffer.from('RIFF\x10\x00\x00\x00WEBPVP8 ', 'latin1').toString('base64')}`;

describe('sanitizeFileName', () => {
  const rows: [string, string, string][] = [
    ['keeps an ordinary name', 'report 2024.pdf', 'report 2024.pdf'],
    ['keeps path-like names as text (they never become paths)', '../../etc/passwd', '../../etc/passwd'],
    ['removes NUL', 'evil\u0000.txt', 'evil.txt'],
    ['removes CR and LF (no header injection)', 'a.txt\r\nSet-Cookie: x=1', 'a.txtSet-Cookie: x=1'],
    ['removes tabs, DEL and C1 controls', 'a\tb\u007fc\u0085d', 'abcd'],
    ['removes line and paragraph separators', 'a\u2028b\u2029c', 'abc'],
    ['removes a right-to-left override: the extension read is the real one', 'invoice\u202Etxt.exe', 'invoicetxt.exe'],
    ['removes bidi embeddings, isolates and marks', 'a\u202Ab\u202Bc\u202Cd\u202De\u2066f\u2067g\u2068h\u2069i\u200Ej\u200Fk\u061Cl.pdf', 'abcdefghijkl.pdf'],
    ['removes zero-width spaces, word joiners, BOMs, soft hyphens and tags', 'a\u200Bb\u2060c\uFEFFd\u00ADe\u{E0041}.txt', 'abcde.txt'],
    ['keeps the zero-width joiner of an emoji sequence and a non-joiner', '👩\u200D💻 \u0645\u200C\u0647.png', '👩\u200D💻 \u0645\u200C\u0647.png'],
    ['names a name of invisible characters only "file"', '\u202E\u2066\u200B', 'file'],
    ['trims spaces', '  spaced.txt  ', 'spaced.txt'],
    ['names an empty name "file"', ' \u0000 ', 'file'],
    ['replaces a lone surrogate', 'a\ud800b', 'a\ufffdb'],
    ['keeps emoji (surrogate pairs)', '😀.png', '😀.png'],
  ];
  for (const [name, input, expected] of rows) test(name, () => assert.equal(sanitizeFileName(input), expected));

  test(`cuts a 300-character name to ${MAX_FILE_NAME_LENGTH}, keeping the extension`, () => {
    const out = sanitizeFileName(`${'a'.repeat(296)}.docx`);
    assert.equal(out.length, MAX_FILE_NAME_LENGTH);
    assert.ok(out.endsWith('a.docx'));
  });

  test('counts characters, not UTF-16 units, and never splits a pair', () => {
    const out = sanitizeFileName('😀'.repeat(300));
    assert.equal(Array.from(out).length, MAX_FILE_NAME_LENGTH);
    assert.equal(out.replace(/😀/g, ''), '');
  });
});

describe('file types', () => {
  test('sanitizeFileType keeps the essence in lower case, else application/octet-stream', () => {
    assert.equal(sanitizeFileType('Image/PNG'), 'image/png');
    assert.equal(sanitizeFileType('text/plain; charset=utf-8'), 'text/plain');
    assert.equal(sanitizeFileType(''), 'application/octet-stream');
    assert.equal(sanitizeFileType(undefined), 'application/octet-stream');
    assert.equal(sanitizeFileType('text/html\r\nX-Evil: 1'), 'application/octet-stream');
    assert.equal(sanitizeFileType('no-slash'), 'application/octet-stream');
  });

  test('patterns match types and wildcards', () => {
    assert.ok(fileTypeMatches('image/png', 'image/*'));
    assert.ok(fileTypeMatches('image/png', '*/*'));
    assert.ok(fileTypeMatches('application/pdf', 'Application/PDF'));
    assert.ok(!fileTypeMatches('image/svg+xml', 'image/png'));
    assert.ok(isFileTypePattern('image/*'));
    assert.ok(!isFileTypePattern('image'));
    assert.ok(!isFileTypePattern('*.exe'));
  });

  test('checkFile: size, deny list (wins) and allow list', () => {
    const limits = { maxFileBytes: 100, allowedFileTypes: ['image/*', 'application/pdf'], deniedFileTypes: ['image/svg+xml'] };
    assert.equal(checkFile({ size: 100, type: 'image/png' }, limits), undefined);
    assert.equal(checkFile({ size: 0, type: 'application/pdf' }, limits), undefined);
    assert.equal(checkFile({ size: 101, type: 'image/png' }, limits)?.code, ErrorCodes.FILE_TOO_LARGE);
    assert.equal(checkFile({ size: 1, type: 'image/svg+xml' }, limits)?.code, ErrorCodes.FILE_TYPE_REFUSED);
    assert.equal(checkFile({ size: 1, type: 'text/html' }, limits)?.code, ErrorCodes.FILE_TYPE_REFUSED);
    assert.equal(checkFile({ size: 1, type: '' }, { maxFileBytes: DEFAULT_MAX_FILE_BYTES }), undefined);
  });

  test('only raster images are shown inline', () => {
    for (const type of ['image/png', 'image/jpeg', 'image/gif', 'image/webp']) assert.ok(isInlineImageType(type), type);
    for (const type of ['image/svg+xml', 'text/html', 'application/xhtml+xml', 'application/pdf', '']) {
      assert.ok(!isInlineImageType(type), type);
    }
  });

  test('thumbnails: png, jpeg, webp data URLs whose bytes match, within the size cap', () => {
    assert.ok(isThumbnailDataUrl(PNG_1X1));
    assert.ok(isThumbnailDataUrl(JPEG_HEAD));
    assert.ok(isThumbnailDataUrl(WEBP_HEAD));
    assert.ok(!isThumbnailDataUrl(PNG_1X1.replace('image/png', 'image/jpeg')), 'bytes must match the type');
    assert.ok(!isThumbnailDataUrl(PNG_1X1.replace('image/png', 'image/svg+xml')));
    assert.ok(!isThumbnailDataUrl('data:image/png;base64,<script>'));
    assert.ok(!isThumbnailDataUrl(`https://example.com/x.png`));
    assert.ok(!isThumbnailDataUrl(PNG_1X1 + 'A'.repeat(MAX_THUMBNAIL_LENGTH)));
    assert.ok(!isThumbnailDataUrl(42));
  });
});

describe('parseClientFrame: share', () => {
  function refusal(frame: unknown): number {
    try {
      parseClientFrame(JSON.stringify(frame), { maxTextLength: 20 });
    } catch (error) {
      assert.ok(error instanceof SessionChatError);
      assert.equal(error.clientId, 'k');
      return error.code;
    }
    return 0;
  }

  test('accepts an upload id with an optional caption and thumbnail, and nothing else', () => {
    assert.deepEqual(parseClientFrame('{"type":"share","clientId":"k","uploadId":"abc123","file":{"id":"forged"}}'), {
      type: 'share',
      clientId: 'k',
      uploadId: 'abc123',
    });
    const frame = parseClientFrame(JSON.stringify({ type: 'share', clientId: 'k', uploadId: 'u1', caption: 'see this', thumbnail: PNG_1X1 }));
    assert.deepEqual(frame, { type: 'share', clientId: 'k', uploadId: 'u1', caption: 'see this', thumbnail: PNG_1X1 });
  });

  test('refuses bad upload ids, captions and thumbnails with typed errors naming the clientId', () => {
    assert.equal(refusal({ type: 'share', clientId: 'k' }), ErrorCodes.INVALID_FIELD);
    assert.equal(refusal({ type: 'share', clientId: 'k', uploadId: '../x' }), ErrorCodes.INVALID_FIELD);
    assert.equal(refusal({ type: 'share', clientId: 'k', uploadId: 'u', caption: '   ' }), ErrorCodes.INVALID_FIELD);
    assert.equal(refusal({ type: 'share', clientId: 'k', uploadId: 'u', caption: 'x'.repeat(21) }), ErrorCodes.TEXT_TOO_LONG);
    assert.equal(refusal({ type: 'share', clientId: 'k', uploadId: 'u', thumbnail: 'data:text/html;base64,PGI+' }), ErrorCodes.INVALID_FIELD);
    assert.equal(refusal({ type: 'share', clientId: 'k', uploadId: 'u', thumbnail: 5 }), ErrorCodes.INVALID_FIELD);
  });

  test('media info: a duration and a voice message\'s waveform pass; anything else is refused or dropped', () => {
    const media = { durationMs: 61_500, voice: true, waveform: [0, 12, 255, 40], extra: '<script>' };
    assert.deepEqual(parseClientFrame(JSON.stringify({ type: 'share', clientId: 'k', uploadId: 'u', media })), {
      type: 'share', clientId: 'k', uploadId: 'u', media: { durationMs: 61_500, voice: true, waveform: [0, 12, 255, 40] },
    });
    for (const bad of [5, [], { durationMs: -1 }, { durationMs: 1.5 }, { durationMs: MAX_MEDIA_DURATION_MS + 1 }, { voice: false },
      { waveform: [256] }, { waveform: [1.5] }, { waveform: 'peaks' }, { waveform: new Array(MAX_WAVEFORM_LENGTH + 1).fill(0) }]) {
      assert.equal(refusal({ type: 'share', clientId: 'k', uploadId: 'u', media: bad }), ErrorCodes.INVALID_FIELD, JSON.stringify(bad));
    }
  });
});

describe('decideIntent: share', () => {
  const ann: ParticipantInfo = { id: 'c', name: 'Ann', role: 'customer' };
  const file = { id: 'f1', name: 'report.pdf', size: 10, type: 'application/pdf' };
  const intent: ResolvedShareIntent = { type: 'share', clientId: 'k', uploadId: 'u1', caption: 'here', thumbnail: PNG_1X1, file };

  test('a stored upload becomes file.shared with the caption and the thumbnail', () => {
    const result = decideIntent(initialState('s'), ann, intent);
    assert.ok(result.ok);
    assert.deepEqual(result.draft, {
      from: 'c',
      clientId: 'k',
      type: 'file.shared',
      file: { ...file, thumbnail: PNG_1X1 },
      caption: 'here',
    });
    const voice = decideIntent(initialState('s'), ann, { ...intent, media: { durationMs: 3000, voice: true, waveform: [1, 2] } });
    assert.ok(voice.ok && voice.draft.type === 'file.shared');
    assert.deepEqual(voice.draft.file.media, { durationMs: 3000, voice: true, waveform: [1, 2] });
  });

  test('a share whose upload was not stored is refused', () => {
    const result = decideIntent(initialState('s'), ann, { type: 'share', clientId: 'k', uploadId: 'u1' });
    assert.deepEqual(result.ok ? null : result.code, ErrorCodes.UPLOAD_NOT_FOUND);
  });

  test('nothing is shared in an ended session', () => {
    const ended = { ...initialState('s'), ended: { by: 't', at: 1 } };
    const result = decideIntent(ended, ann, intent);
    assert.equal(result.ok ? null : result.code, ErrorCodes.SESSION_ENDED);
  });

  test('the reducer shows the file, and a delete marks it removed and drops the thumbnail', () => {
    const shared = { seq: 1, id: 'e1', at: 1, from: 'c', type: 'file.shared', file: { ...file, thumbnail: PNG_1X1 }, caption: 'here' } as FileSharedEvent;
    const state = fold([shared], initialState('s'));
    assert.deepEqual(state.messages[0]!.file, { ...file, thumbnail: PNG_1X1, removed: false });
    const after = reduce(state, { seq: 2, id: 'e2', at: 2, from: 'c', type: 'message.deleted', target: 'e1' } as SessionEvent);
    assert.deepEqual(after.messages[0]!.file, { ...file, removed: true });
  });
});
