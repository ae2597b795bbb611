/**
 * Hand-made PDFs for tests and the benchmark: `pages` pages of Helvetica text with the xref
 * table written by hand, optionally "encrypted" (a Standard security handler whose /U matches
 * no password, so a reader must ask for one).
 */
export interface MakePdfOptions {
  pages: number;
  /** Text of page n (1-based). */
  text?: (page: number) => string[];
  /** Adds an /Encrypt dictionary: the file then needs a password. */
  encrypted?: boolean;
}

function escapePdf(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\(/g, '\\(').replace(/\)/g, '\\)');
}

export function makePdf(options: MakePdfOptions): Uint8Array<ArrayBuffer> {
  const { pages } = options;
  const text = options.text ?? ((page: number) => [`Page ${page} of a generated document.`, 'The quick brown fox jumps over the lazy dog.']);
  const objects: string[] = [];
  // 1: catalog, 2: pages, 3: font, then per page: page object, content stream.
  const pageIds = Array.from({ length: pages }, (_, i) => 4 + i * 2);
  objects[1] = '<< /Type /Catalog /Pages 2 0 R >>';
  objects[2] = `<< /Type /Pages /Count ${pages} /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] >>`;
  objects[3] = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>';
  for (let i = 0; i < pages; i++) {
    const lines = text(i + 1);
    const stream = `BT /F1 14 Tf 72 720 Td 18 TL ${lines.map((line) => `(${escapePdf(line)}) Tj T*`).join(' ')} ET`;
    objects[pageIds[i]!] = `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents ${pageIds[i]! + 1} 0 R >>`;
    objects[pageIds[i]! + 1] = `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`;
  }
  let encryptId = 0;
  if (options.encrypted) {
    encryptId = objects.length;
    const filler = '<' + '28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A' + '>';
    objects[encryptId] = `<< /Filter /Standard /V 1 /R 2 /O ${filler} /U ${filler} /P -3904 >>`;
  }
  let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  for (let id = 1; id < objects.length; id++) {
    offsets[id] = out.length;
    out += `${id} 0 obj\n${objects[id]}\nendobj\n`;
  }
  const xref = out.length;
  out += `xref\n0 ${objects.length}\n0000000000 65535 f \n`;
  for (let id = 1; id < objects.length; id++) out += `${String(offsets[id]).padStart(10, '0')} 00000 n \n`;
  const id = '<0123456789ABCDEF0123456789ABCDEF>';
  out += `trailer\n<< /Size ${objects.length} /Root 1 0 R${encryptId ? ` /Encrypt ${encryptId} 0 R` : ''} /ID [${id} ${id}] >>\nstartxref\n${xref}\n%%EOF\n`;
  // Latin-1: every char is one byte, so the offsets above are byte offsets.
  const bytes = new Uint8Array(out.length);
  for (let i = 0; i < out.length; i++) bytes[i] = out.charCodeAt(i) & 0xff;
  return bytes;
}
