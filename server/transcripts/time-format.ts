/** `2026-11-24 03:17:44 +00:00`: UTC with an explicit offset, the same on every machine. */
export function formatUtc(ms: number): string {
  const iso = new Date(ms).toISOString(); // 2026-11-24T03:17:44.123Z
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} +00:00`;
}

/** ISO 8601 with an explicit offset, for machines: `2026-11-24T03:17:44.123+00:00`. */
export function isoUtc(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+00:00');
}

/** A byte count for people: `0 B`, `999 B`, `1.2 KB`, `3.4 MB` (decimal units, one decimal). */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 999.95 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}
