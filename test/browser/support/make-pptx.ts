/**
 * Minimal PowerPoint packages made in the test (stored zip entries, see make-zip.ts): slides of
 * text boxes, linked pictures, as many slides as a test needs. Also used by bench/preview.ts.
 */
import { makeZip, xmlText, type ZipInput } from './make-zip.js';

const NS = 'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

export interface SlideInput {
  /** The shapes of the slide's `p:spTree` (see `textBox`, `linkedPicture`, `embeddedPicture`). */
  shapes: string;
  /** Relationship elements of the slide (pictures). */
  rels?: string;
  /** Pictures and other parts the slide needs, by part name. */
  parts?: ZipInput[];
}

/** A text box at (`x`, `y`) EMU. */
export function textBox(text: string, x = 500_000, y = 300_000): string {
  return `<p:sp><p:nvSpPr><p:cNvPr id="2" name="t"/><p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr><p:spPr><a:xfrm><a:off x="${x}" y="${y}"/><a:ext cx="8000000" cy="800000"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr><p:txBody><a:bodyPr/><a:p><a:r><a:rPr sz="2800"/><a:t>${xmlText(text)}</a:t></a:r></a:p></p:txBody></p:sp>`;
}

/** A picture whose blip is `blip` (`r:embed="rId…"` or `r:link="rId…"`). */
export function pictureShape(blip: string, x = 500_000, y = 1_500_000): string {
  return `<p:pic><p:nvPicPr><p:cNvPr id="3" name="pic"/><p:cNvPicPr/><p:nvPr/></p:nvPicPr><p:blipFill><a:blip ${blip}/><a:stretch/></p:blipFill><p:spPr><a:xfrm><a:off x="${x}" y="${y}"/><a:ext cx="3000000" cy="2000000"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr></p:pic>`;
}

export function imageRel(id: string, target: string, external = false): string {
  return `<Relationship Id="${id}" Type="${REL}/image" Target="${xmlText(target)}"${external ? ' TargetMode="External"' : ''}/>`;
}

export function makePptx(slides: SlideInput[]): Uint8Array<ArrayBuffer> {
  const ids = slides.map((_, i) => `<p:sldId id="${256 + i}" r:id="rId${i + 1}"/>`).join('');
  const rels = slides.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${REL}/slide" Target="slides/slide${i + 1}.xml"/>`).join('');
  const entries: ZipInput[] = [
    { name: '[Content_Types].xml', data: '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>' },
    { name: '_rels/.rels', data: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="ppt/presentation.xml"/></Relationships>` },
    { name: 'ppt/presentation.xml', data: `<?xml version="1.0" encoding="UTF-8"?><p:presentation ${NS}><p:sldIdLst>${ids}</p:sldIdLst><p:sldSz cx="9144000" cy="5143500"/></p:presentation>` },
    { name: 'ppt/_rels/presentation.xml.rels', data: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels}</Relationships>` },
  ];
  slides.forEach((slide, i) => {
    entries.push({ name: `ppt/slides/slide${i + 1}.xml`, data: `<?xml version="1.0" encoding="UTF-8"?><p:sld ${NS}><p:cSld><p:spTree>${slide.shapes}</p:spTree></p:cSld></p:sld>` });
    entries.push({ name: `ppt/slides/_rels/slide${i + 1}.xml.rels`, data: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${slide.rels ?? ''}</Relationships>` });
    entries.push(...(slide.parts ?? []));
  });
  return makeZip(entries);
}
