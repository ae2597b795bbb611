/**
 * Minimal .xlsx workbooks made in the test (stored zip entries, see make-zip.ts): one with a
 * picture and a link that point outside the file, and one with as many cells as asked for.
 */
import { makeZip, xmlText } from './make-zip.js';

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';

/** A workbook of one sheet, "Sheet1": `sheetXml` is the whole worksheet part; `extra` more parts. */
export function makeXlsx(sheetXml: string, sheetRels = '', extra: { name: string; data: string }[] = []): Uint8Array<ArrayBuffer> {
  return makeZip([
    {
      name: '[Content_Types].xml',
      data:
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
        '<Override PartName="/xl/drawings/drawing1.xml" ContentType="application/vnd.openxmlformats-officedocument.drawing+xml"/></Types>',
    },
    { name: '_rels/.rels', data: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${PKG_REL}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>` },
    { name: 'xl/workbook.xml', data: `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>` },
    { name: 'xl/_rels/workbook.xml.rels', data: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${PKG_REL}"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>` },
    { name: 'xl/worksheets/sheet1.xml', data: sheetXml },
    ...(sheetRels ? [{ name: 'xl/worksheets/_rels/sheet1.xml.rels', data: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${PKG_REL}">${sheetRels}</Relationships>` }] : []),
    ...extra,
  ]);
}

function inlineCell(address: string, text: string): string {
  return `<c r="${address}" t="inlineStr"><is><t>${xmlText(text)}</t></is></c>`;
}

/** A sheet whose drawing shows a picture linked (not embedded) to `pictureUrl`, with a hyperlink to `linkUrl`. */
export function externalPictureXlsx(pictureUrl: string, linkUrl: string): Uint8Array<ArrayBuffer> {
  const sheet =
    `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${MAIN}" xmlns:r="${REL}"><sheetData>` +
    `<row r="1">${inlineCell('A1', 'picture below')}${inlineCell('B1', 'link')}</row></sheetData>` +
    `<hyperlinks><hyperlink ref="B1" r:id="rId2"/></hyperlinks><drawing r:id="rId1"/></worksheet>`;
  const rels =
    `<Relationship Id="rId1" Type="${REL}/drawing" Target="../drawings/drawing1.xml"/>` +
    `<Relationship Id="rId2" Type="${REL}/hyperlink" Target="${xmlText(linkUrl)}" TargetMode="External"/>`;
  const drawing =
    '<?xml version="1.0" encoding="UTF-8"?><xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" ' +
    `xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="${REL}"><xdr:oneCellAnchor><xdr:from><xdr:col>0</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>2</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>` +
    '<xdr:ext cx="952500" cy="952500"/><xdr:pic><xdr:nvPicPr><xdr:cNvPr id="2" name="Picture 1"/><xdr:cNvPicPr/></xdr:nvPicPr>' +
    '<xdr:blipFill><a:blip r:link="rId1"/><a:stretch><a:fillRect/></a:stretch></xdr:blipFill><xdr:spPr><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></xdr:spPr></xdr:pic><xdr:clientData/></xdr:oneCellAnchor></xdr:wsDr>';
  return makeXlsx(sheet, rels, [
    { name: 'xl/drawings/drawing1.xml', data: drawing },
    {
      name: 'xl/drawings/_rels/drawing1.xml.rels',
      data: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${PKG_REL}"><Relationship Id="rId1" Type="${REL}/image" Target="${xmlText(pictureUrl)}" TargetMode="External"/></Relationships>`,
    },
  ]);
}

/** A sheet of `rows` × `columns` numbers (cell value = row × 1000 + column), its dimension declared; `merge` a range like `A2:B3`. */
export function bigSheetXlsx(rows: number, columns: number, merge = ''): Uint8Array<ArrayBuffer> {
  const parts: string[] = [`<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${MAIN}"><dimension ref="A1:${String.fromCharCode(64 + columns)}${rows}"/><sheetData>`];
  for (let r = 1; r <= rows; r++) {
    let row = `<row r="${r}">`;
    for (let c = 0; c < columns; c++) row += `<c><v>${r * 1000 + c}</v></c>`;
    parts.push(`${row}</row>`);
  }
  parts.push(`</sheetData>${merge ? `<mergeCells count="1"><mergeCell ref="${merge}"/></mergeCells>` : ''}</worksheet>`);
  return makeXlsx(parts.join(''));
}
