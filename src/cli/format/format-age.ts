// Renders a duration as one short unit, e.g. `45s`, `12m`, `3h`, `4d`, for an AGE column.

/** `ms` in its largest whole unit (s, m, h, d); `0s` for anything under a second or negative. */
export function formatAge(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1_000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h`;
  return `${Math.floor(hours / 24)}d`;
}
