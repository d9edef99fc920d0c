// The start of a response body as text for the model, when it is text at all.

/**
 * The first `chars` characters of `bytes` decoded as UTF-8, or null text when the bytes are not
 * UTF-8 (or hold NUL, a sign of binary content). A multi-byte character cut at the end of the
 * looked-at window is dropped, not replaced.
 */
export function textPreview(
  bytes: Uint8Array,
  chars: number,
): { readonly text: string | null; readonly truncated: boolean } {
  if (bytes.byteLength === 0) return { text: '', truncated: false };
  // Four bytes per character at most: this window holds `chars` characters of any UTF-8 text.
  const window = bytes.subarray(0, chars * 4);
  const cut = window.byteLength < bytes.byteLength;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(window, { stream: cut });
  } catch {
    return { text: null, truncated: false };
  }
  if (text.includes('\u0000')) return { text: null, truncated: false };
  return { text: text.slice(0, chars), truncated: cut || text.length > chars };
}
