/**
 * The names of an OpenDocument spreadsheet's hidden sheets. SheetJS does not read them: a sheet
 * is hidden by its table style (`<style:table-properties table:display="false"/>`), so this reads
 * the table styles and the tables' style names from `content.xml` (or a flat `.fods`), with
 * regular expressions over the text (attributes only, nothing is evaluated).
 */
const STYLE = /<style:style(?=[\s>/])([^>]*?)(?:\/>|>([\s\S]*?)<\/style:style>)/g;
const TABLE = /<table:table(?=[\s>/])([^>]*)>/g;

function attribute(attributes: string, name: string): string | undefined {
  const match = new RegExp(`\\b${name}\\s*=\\s*("([^"]*)"|'([^']*)')`).exec(attributes);
  return match ? decodeEntities(match[2] ?? match[3] ?? '') : undefined;
}

function decodeEntities(text: string): string {
  return text.replace(/&(lt|gt|quot|apos|amp|#\d+|#x[0-9a-f]+);/gi, (whole, name: string) => {
    const lower = name.toLowerCase();
    if (lower === 'lt') return '<';
    if (lower === 'gt') return '>';
    if (lower === 'quot') return '"';
    if (lower === 'apos') return "'";
    if (lower === 'amp') return '&';
    const code = lower.startsWith('#x') ? parseInt(lower.slice(2), 16) : parseInt(lower.slice(1), 10);
    return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

export function odsHiddenSheets(xml: string): Set<string> {
  const hiddenStyles = new Set<string>();
  for (const [, attributes = '', inner = ''] of xml.matchAll(STYLE)) {
    if (attribute(attributes, 'style:family') !== 'table') continue;
    if (!/\btable:display\s*=\s*["']false["']/.test(inner)) continue;
    const name = attribute(attributes, 'style:name');
    if (name) hiddenStyles.add(name);
  }
  const hidden = new Set<string>();
  if (hiddenStyles.size === 0) return hidden;
  for (const [, attributes = ''] of xml.matchAll(TABLE)) {
    const style = attribute(attributes, 'table:style-name');
    const name = attribute(attributes, 'table:name');
    if (style && name !== undefined && hiddenStyles.has(style)) hidden.add(name);
  }
  return hidden;
}
