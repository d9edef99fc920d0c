// Content in and out of object syscalls: text, base64 or (for json objects) any JSON value.
import { z } from 'zod';
import { canonicalJson, type Json } from '../../base/canonical-json.js';
import { LibosError } from '../../base/errors.js';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Content as given: a string (text or base64) or, for `json` objects, any JSON value. */
export const contentInput = z.json();

/** How string content is encoded. */
export const encodingInput = z.enum(['utf8', 'base64']);

/** Sensitivity the caller may raise a version to. */
export const sensitivityInput = z.enum(['public', 'internal', 'confidential', 'secret']);

/**
 * The payload bytes of `content`: a string is UTF-8 text or base64 as `encoding` says; any other
 * JSON value (meant for `json` objects) is stored as its canonical JSON text.
 * @throws INVALID_INPUT (bad base64)
 */
export function encodeContent(
  content: Json,
  options: { encoding: 'utf8' | 'base64'; attempted: string },
): Uint8Array {
  if (typeof content !== 'string') return Buffer.from(canonicalJson(content), 'utf8');
  if (options.encoding === 'utf8') return Buffer.from(content, 'utf8');
  if (!BASE64.test(content))
    throw new LibosError(
      'INVALID_INPUT',
      `${options.attempted} failed: content is not valid base64`,
    );
  return Buffer.from(content, 'base64');
}

/**
 * The payload as text (UTF-8) or base64.
 * @throws INVALID_INPUT when text is asked for and the payload is not UTF-8
 */
export function decodeContent(
  bytes: Uint8Array,
  options: { encoding: 'utf8' | 'base64'; attempted: string },
): string {
  if (options.encoding === 'base64') return Buffer.from(bytes).toString('base64');
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new LibosError(
      'INVALID_INPUT',
      `${options.attempted} failed: the payload is not valid UTF-8; read it with encoding base64`,
    );
  }
}
