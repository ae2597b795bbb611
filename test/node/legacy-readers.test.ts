// The rtf and .doc readers of the previewer, on bytes made here (the browser tests read the
// LibreOffice fixtures through the whole preview).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { makeBigDoc } from '../../bench/legacy-documents.js';
import { readDoc } from '../../src/preview/doc-reader.js';
import { legacyDocumentHtml, type LegacyDocument } from '../../src/preview/legacy-document.js';
import { readRtf } from '../../src/preview/rtf-reader.js';

const rtf = (text: string) => readRtf(new Uint8Array(Buffer.from(text, 'latin1')));
const html = (document: LegacyDocument) => legacyDocumentHtml(document);

function errorCode(read: () => unknown): string | undefined {
  try {
    read();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}

describe('rtf reader', () => {
  it('decodes \\uN with its \\ucN fallbacks skipped, surrogate pairs and \\\'hh in the code page', () => {
    assert.equal(html(rtf("{\\rtf1\\ansi\\ansicpg1252 K\\u246\\'f6ln {\\uc2 x\\u8364\\'80\\'80y} \\u-10179?\\u-8704?}")), '<p dir="auto">Köln x€y 😀</p>');
    assert.equal(html(rtf("{\\rtf1\\ansi\\ansicpg1251 \\'cf\\'f0\\'e8\\'e2\\'e5\\'f2}")), '<p dir="auto">Привет</p>');
    // A font's charset wins over the document's code page.
    assert.equal(html(rtf("{\\rtf1\\ansi\\ansicpg1252{\\fonttbl{\\f1\\fcharset204 Arial Cyr;}}\\f1 \\'e4\\'e0}")), '<p dir="auto">да</p>');
  });

  it('keeps bold, italic, underline and paragraphs, and skips tables of fonts, colours, styles and \\info', () => {
    const document = rtf('{\\rtf1{\\fonttbl{\\f0 Arial;}}{\\colortbl;\\red255;}{\\stylesheet{\\s1 Heading;}}{\\info{\\title T}}a {\\b b}\\i  c\\i0\\ul d\\ulnone\\line e\\par f}');
    assert.equal(html(document), '<p dir="auto">a <b>b</b><i> c</i><u>d</u><br>e</p>\n<p dir="auto">f</p>');
  });

  it('skips unknown \\* destinations, \\bin data and field instructions', () => {
    assert.equal(html(rtf('{\\rtf1 a{\\*\\unknown hidden {nested}}b\\bin3 {}}c{\\field{\\*\\fldinst PAGE}{\\fldrslt 7}}}')), '<p dir="auto">abc7</p>');
  });

  it('links only http(s) and mailto HYPERLINK fields', () => {
    const document = rtf('{\\rtf1 {\\field{\\*\\fldinst HYPERLINK "mailto:a@example.com"}{\\fldrslt mail}} {\\field{\\*\\fldinst HYPERLINK "javascript:alert(1)"}{\\fldrslt js}} {\\field{\\*\\fldinst HYPERLINK  "vbscript:x"}{\\fldrslt vb}}}');
    assert.equal(html(document), '<p dir="auto"><a href="mailto:a@example.com">mail</a> js vb</p>');
  });

  it("shows a text box's text once, without its shape's properties", () => {
    const document = rtf('{\\rtf1 {\\shp{\\*\\shpinst{\\sp{\\sn wzName}{\\sv Text Box 2}}{\\shptxt Datum plane\\par}}{\\shprslt Datum plane\\par}}after}');
    assert.equal(html(document), '<p dir="auto">Datum plane</p>\n<p dir="auto">after</p>');
  });

  it('makes tables from \\cell and \\row', () => {
    const document = rtf('{\\rtf1 \\trowd\\cellx1\\cellx2 \\pard\\intbl a\\cell b\\par c\\cell\\row \\pard after\\par}');
    assert.equal(html(document), '<table><tbody><tr><td><p dir="auto">a</p></td><td><p dir="auto">b</p><p dir="auto">c</p></td></tr></tbody></table>\n<p dir="auto">after</p>');
  });

  it('turns a PNG \\pict into a data: image and drops a WMF one', () => {
    const document = rtf('{\\rtf1 {\\pict\\pngblip 89504e47}{\\pict\\wmetafile8 0100}}');
    assert.equal(html(document), '<p dir="auto"><img alt="" src="data:image/png;base64,iVBORw=="></p>');
  });

  it('escapes markup in the text', () => {
    assert.equal(html(rtf('{\\rtf1 <b onclick="x">&amp;</b>}')), '<p dir="auto">&#60;b onclick=&#34;x&#34;&#62;&#38;amp;&#60;/b&#62;</p>');
  });

  it('reads 100,000 nested groups without recursion', () => {
    const started = performance.now();
    assert.equal(html(rtf(`{\\rtf1 ${'{'.repeat(100_000)}deep${'}'.repeat(100_000)}}`)), '<p dir="auto">deep</p>');
    assert.ok(performance.now() - started < 2000);
  });

  it('refuses what is not rtf', () => {
    assert.equal(errorCode(() => rtf('{\\rtx1 nope}')), 'corrupt');
  });
});

describe('.doc reader', () => {
  it('reads the text of a generated Word 97 document', () => {
    const document = readDoc(new Uint8Array(makeBigDoc(2000)));
    assert.equal(document.textOnly, true);
    assert.match(html(document), /^<p dir="auto">Paragraph 1: The quick brown fox jumps over the lazy dog; Grüße aus Köln, twice\.<\/p>/);
  });

  it('reads notes.doc and gives clear errors for its damaged copies', () => {
    const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../fixtures/office/${name}`, import.meta.url)));
    assert.deepEqual(readDoc(fixture('notes.doc')).blocks.length, 3);
    assert.equal(errorCode(() => readDoc(fixture('notes-truncated.doc'))), 'truncated');
    assert.equal(errorCode(() => readDoc(fixture('notes-bad-fib.doc'))), 'corrupt');
    assert.equal(errorCode(() => readDoc(fixture('notes-bad-piece.doc'))), 'corrupt');
    assert.equal(errorCode(() => readDoc(fixture('notes-encrypted.doc'))), 'encrypted');
    assert.equal(errorCode(() => readDoc(new Uint8Array(512))), 'corrupt');
  });
});
