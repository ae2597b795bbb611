/**
 * A playing time as a clock: `m:ss` ("0:03", "12:40"), or `mm:ss` with `padMinutes` ("00:03"),
 * and `h:mm:ss` from an hour on. Rounded down to the second, as players show it.
 */
export function mediaTime(ms: number, padMinutes = false): string {
  const total = Math.max(0, Math.floor((Number.isFinite(ms) ? ms : 0) / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor(total / 60) % 60;
  const seconds = String(total % 60).padStart(2, '0');
  if (hours > 0) return `${hours}:${String(minutes).padStart(2, '0')}:${seconds}`;
  return `${padMinutes ? String(minutes).padStart(2, '0') : minutes}:${seconds}`;
}
