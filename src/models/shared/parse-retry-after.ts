// Reads how long a server asked us to wait from `retry-after-ms` or `retry-after` headers.

/**
 * The wait in milliseconds a server asked for: `retry-after-ms` (milliseconds, OpenAI's extension)
 * wins over `retry-after` (delay in seconds or an HTTP date, RFC 9110 §10.2.3). Null when neither
 * header is present or parseable; never negative.
 */
export function parseRetryAfter(
  headers: Headers | undefined,
  options: { readonly now: number },
): number | null {
  if (headers === undefined) return null;
  const millis = parseNumber(headers.get('retry-after-ms'));
  if (millis !== null) return Math.ceil(millis);
  const value = headers.get('retry-after')?.trim();
  if (value === undefined || value === '') return null;
  const seconds = parseNumber(value);
  if (seconds !== null) return Math.ceil(seconds * 1000);
  // HTTP dates start with a day name; Date.parse alone would take "-5" for a year.
  const at = /^[A-Za-z]{3}/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - options.now);
}

function parseNumber(value: string | null): number | null {
  if (value === null || !/^\s*\d+(\.\d+)?\s*$/.test(value)) return null;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : null;
}
