import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { odsHiddenSheets } from '../../src/preview/ods-hidden-sheets.js';
import { RowCutter, indexOfBytes } from '../../src/preview/sheet-head.js';
import { previewKindOf } from '../../src/preview/preview-kind.js';
import { cellText, sheetGrid, type SheetCell } from '../../src/preview/sheet-grid-data.js';
import { columnLayout, columnName, columnRange } from '../../src/preview/sheet-grid.js';

const n = (value: number, w?: string): SheetCell => ({ t: 'n', v: value, ...(w ? { w } : {}) });
const s = (value: string): SheetCell => ({ t: 's', v: value, w: value });

describe('spreadsheet previews', () => {
  it('picks the sheet previewer by MIME type or extension', () => {
    for (const name of ['a.xlsx', 'a.XLSM', 'a.xlsb', 'a.xls', 'a.ods', 'a.fods', 'a.sxc']) assert.equal(previewKindOf({ name }), 'sheet', name);
    assert.equal(previewKindOf({ name: 'download', type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }), 'sheet');
    assert.equal(previewKindOf({ name: 'download', type: 'application/vnd.ms-excel' }), 'sheet');
    assert.equal(previewKindOf({ name: 'table.csv' }), 'csv');
  });

  it('names columns like a spreadsheet', () => {
    assert.deepEqual([0, 25, 26, 51, 52, 701, 702, 16383].map(columnName), ['A', 'Z', 'AA', 'AZ', 'BA', 'ZZ', 'AAA', 'XFD']);
  });

  it('shows the formatted text, else the value', () => {
    assert.equal(cellText(n(45366, '2024-03-15')), '2024-03-15');
    assert.equal(cellText(n(0.5)), '0.5');
    assert.equal(cellText({ t: 'b', v: true }), 'TRUE');
    assert.equal(cellText({ t: 'e', v: 7, w: '#DIV/0!' }), '#DIV/0!');
    assert.equal(cellText({ t: 'z' }), '');
    assert.equal(cellText(undefined), '');
    assert.equal(cellText(s('x'.repeat(5000))).length, 1001);
  });

  it('measures the cells that hold something, keeps merges, trims empty row ends', () => {
    const grid = sheetGrid([[s('title'), undefined, s('x')], [], [n(1, '1'), { t: 'z' }], [undefined, undefined, { t: 's', v: '', w: '' }]], [{ s: { r: 0, c: 0 }, e: { r: 1, c: 1 } }], 1000);
    assert.equal(grid.rowCount, 3);
    assert.equal(grid.columnCount, 3);
    assert.deepEqual(grid.rows, [['title', '', 'x'], [], ['1']]);
    assert.deepEqual(grid.merges, [[0, 0, 1, 1]]);
    assert.equal(grid.widths.length, 3);
  });

  it('cuts the rows at the cell cap and says how many there are', () => {
    const data = Array.from({ length: 100 }, (_, r) => Array.from({ length: 10 }, (_, c) => n(r * 10 + c, String(r * 10 + c))));
    const grid = sheetGrid(data, [{ s: { r: 40, c: 0 }, e: { r: 60, c: 1 } }, { s: { r: 80, c: 0 }, e: { r: 81, c: 0 } }], 500);
    assert.equal(grid.rows.length, 50);
    assert.equal(grid.rowCount, 100);
    assert.deepEqual(grid.merges, [[40, 0, 49, 1]]);
    assert.deepEqual(sheetGrid([], [], 500), { rows: [], rowCount: 0, columnCount: 0, merges: [], widths: [] });
  });

  it('finds the columns in view', () => {
    const layout = columnLayout({ rows: [], rowCount: 10, columnCount: 100, merges: [], widths: new Array(100).fill(10) });
    const width = 10 * 8 + 12;
    assert.deepEqual(columnRange(layout, 0, 400), { first: 0, end: Math.ceil(400 / width) + 2 });
    const far = columnRange(layout, layout.numberWidth + width * 50, 400);
    assert.equal(far.first, 48);
    assert.ok(far.end > 52 && far.end <= 58);
    assert.equal(columnRange(layout, 1e9, 400).end, 100);
  });

  it('reads the hidden sheets of an OpenDocument spreadsheet from its table styles', () => {
    const xml =
      '<office:automatic-styles><style:style style:name="co1" style:family="table-column"/>' +
      '<style:style style:name="ta1" style:family="table"><style:table-properties table:display="true"/></style:style>' +
      '<style:style style:name="ta2" style:family="table"><style:table-properties table:display="false"/></style:style></office:automatic-styles>' +
      '<table:table table:name="Shown" table:style-name="ta1"><table:table-row/></table:table>' +
      '<table:table table:name="Tom &amp; Jerry" table:style-name="ta2"><table:table-row table:style-name="ta2"/></table:table>';
    assert.deepEqual([...odsHiddenSheets(xml)], ['Tom & Jerry']);
    assert.deepEqual([...odsHiddenSheets('<table:table table:name="A"/>')], []);
  });

  it('finds the end of a worksheet\'s first rows while its bytes arrive in chunks', () => {
    const bytes = new TextEncoder().encode(`<worksheet><sheetData>${Array.from({ length: 5 }, (_, r) => `<row r="${r + 1}"><c><v>${r}</v></c></row>`).join('')}</sheetData></worksheet>`);
    const second = new TextDecoder().decode(bytes).indexOf('<row r="3"');
    for (const step of [1, 3, 7, 1000]) {
      const cutter = new RowCutter(2);
      let cut = -1;
      for (let length = Math.min(step, bytes.length); cut < 0 && length <= bytes.length; length = Math.min(length + step, bytes.length)) {
        cut = cutter.feed(bytes, length);
        if (length === bytes.length) break;
      }
      assert.equal(cut, second, `chunks of ${step}`);
    }
    assert.equal(new RowCutter(6).feed(bytes, bytes.length), -1);
    assert.equal(new RowCutter(1).feed(new TextEncoder().encode('<worksheet/>'), 12), -1);
    assert.equal(indexOfBytes(new TextEncoder().encode('ab<ro<row'), new TextEncoder().encode('<row')), 5);
    assert.equal(indexOfBytes(new TextEncoder().encode('ab<row'), new TextEncoder().encode('<row'), 0, 5), -1);
  });
});
