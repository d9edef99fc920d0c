// Shortens a provider's error message to a one-line reason with secrets redacted.

const MAX_REASON_LENGTH = 200;
// API-key-like tokens (OpenAI `sk-…`, Anthropic `sk-ant-…`), even partially masked by the server.
const KEY_LIKE = /\b(?:sk|pk|rk)-[A-Za-z0-9_*.-]{4,}/g;
const BEARER = /\bBearer\s+\S+/gi;
// eslint-disable-next-line no-control-regex -- control characters are exactly what we strip
const CONTROL = /[\u0000-\u001f\u007f]+/g;

/**
 * A short, single-line reason safe to put in an error message: every `secrets` value and anything
 * that looks like an API key is replaced by `[redacted]`, control characters are removed and the
 * text is cut to 200 characters. Null for missing or empty text.
 */
export function sanitiseReason(
  text: string | null,
  options: { readonly secrets: readonly string[] },
): string | null {
  if (text === null) return null;
  let out = text;
  for (const secret of options.secrets) {
    if (secret.length >= 4) out = out.split(secret).join('[redacted]');
  }
  out = out
    .replace(KEY_LIKE, '[redacted]')
    .replace(BEARER, 'Bearer [redacted]')
    .replace(CONTROL, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (out.length > MAX_REASON_LENGTH) out = `${out.slice(0, MAX_REASON_LENGTH - 1)}…`;
  return out === '' ? null : out;
}
