/** Fills `{name}` placeholders of a previewer string (numbers formatted for `lang`). */
export function fillString(template: string, params: Record<string, string | number>, lang = 'en'): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? formatNumber(value, lang) : value;
  });
}

const formats = new Map<string, Intl.NumberFormat>();

/** `12345` → `"12,345"` in English. */
export function formatNumber(value: number, lang = 'en'): string {
  let format = formats.get(lang);
  if (!format) {
    try {
      format = new Intl.NumberFormat(lang);
    } catch {
      format = new Intl.NumberFormat('en');
    }
    formats.set(lang, format);
  }
  return format.format(value);
}
