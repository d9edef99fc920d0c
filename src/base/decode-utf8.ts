// Strict UTF-8 decoding: text when the bytes are valid UTF-8, null otherwise (shown as base64).

/** Decodes `bytes` as UTF-8, or returns null when they are not valid UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}
