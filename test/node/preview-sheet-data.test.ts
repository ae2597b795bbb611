import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { odsHiddenSheets } from '../../src/preview/ods-hidden-sheets.js';
import { headParts, indexOfBytes, worksheetHead } from '../../src/preview/sheet-head.js';
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

  it('cuts a worksheet after its first rows, keeping its merged ranges, and leaves a short one alone', () => {
    const bytes = (text: string) => new TextEncoder().encode(text);
    const rows = Array.from({ length: 5 }, (_, r) => `<row r="${r + 1}"><c><v>${r}</v></c></row>`).join('');
    const xml = `<worksheet><dimension ref="A1:A5"/><sheetData>${rows}</sheetData><mergeCells count="1"><mergeCell ref="A1:B2"/></mergeCells><pageMargins/></worksheet>`;
    const head = new TextDecoder().decode(worksheetHead(bytes(xml), 2)!);
    assert.equal(head, '<worksheet><dimension ref="A1:A5"/><sheetData><row r="1"><c><v>0</v></c></row><row r="2"><c><v>1</v></c></row></sheetData><mergeCells count="1"><mergeCell ref="A1:B2"/></mergeCells></worksheet>');
    assert.equal(worksheetHead(bytes(xml), 5), null);
    assert.equal(worksheetHead(bytes('<worksheet/>'), 2), null);
    const parts = new Map([['xl/workbook.xml', bytes('<workbook/>')], ['xl/worksheets/sheet1.xml', bytes(xml)], ['xl/worksheets/_rels/sheet1.xml.rels', bytes(xml)]]);
    const cut = headParts(parts, 3)!;
    assert.ok(cut.get('xl/worksheets/sheet1.xml')!.length < xml.length);
    assert.equal(cut.get('xl/worksheets/_rels/sheet1.xml.rels')!.length, xml.length);
    assert.equal(headParts(parts, 10), null);
    assert.equal(indexOfBytes(bytes('ab<ro<row'), bytes('<row')), 5);
    assert.equal(indexOfBytes(bytes('<ro'), bytes('<row')), -1);
  });
});
