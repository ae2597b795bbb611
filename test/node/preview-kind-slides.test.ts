import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { previewKindOf } from '../../src/preview/preview-kind.js';

describe('previewKindOf: presentations', () => {
  it('offers the slides previewer for PowerPoint and OpenDocument presentations, by extension', () => {
    for (const name of ['deck.pptx', 'macro.PPTM', 'show.ppsx', 'old.ppt', 'talk.odp', 'flat.fodp']) {
      assert.equal(previewKindOf({ name, type: '' }), 'slides', name);
      assert.equal(previewKindOf({ name, type: 'application/octet-stream' }), 'slides', name);
    }
  });

  it('offers it by MIME type whatever the name', () => {
    for (const type of [
      'application/vnd.openxmlformats-officedocument.presentationml.presentation',
      'application/vnd.openxmlformats-officedocument.presentationml.slideshow',
      'application/vnd.ms-powerpoint.presentation.macroEnabled.12',
      'application/vnd.ms-powerpoint',
      'application/vnd.oasis.opendocument.presentation',
      'application/vnd.oasis.opendocument.presentation-flat-xml',
    ]) {
      assert.equal(previewKindOf({ name: 'file', type }), 'slides', type);
    }
  });

  it('leaves other documents to their previewers', () => {
    assert.equal(previewKindOf({ name: 'letter.docx', type: '' }), 'docx');
    assert.equal(previewKindOf({ name: 'notes.txt', type: 'text/plain' }), 'text');
    assert.equal(previewKindOf({ name: 'sheet.xlsx', type: '' }), 'sheet');
    assert.equal(previewKindOf({ name: 'pptx.zip', type: 'application/zip' }), 'none');
  });
});
