// Checks a version's payload before it is stored: its size, and for `json` objects its JSON and schema.
import type { Json } from '../../base/canonical-json.js';
import { validateJsonSchema } from './validate-json-schema.js';

/** Why a payload is refused, with the error code it maps to. */
export interface PayloadProblem {
  readonly code: 'OUT_OF_RANGE' | 'INVALID_INPUT';
  readonly reason: string;
}

/**
 * The problem with storing `bytes` as a version of an object of `type` (with `schema`, already
 * checked by checkJsonSchema), or null: larger than `maxBytes` is OUT_OF_RANGE; a `json` payload
 * must be UTF-8 JSON text and satisfy the schema (INVALID_INPUT).
 */
export function checkPayload(
  bytes: Uint8Array,
  object: { readonly type: string; readonly schema: Json | null },
  options: { readonly maxBytes: number },
): PayloadProblem | null {
  if (bytes.byteLength > options.maxBytes) {
    return {
      code: 'OUT_OF_RANGE',
      reason: `the payload is ${bytes.byteLength} bytes, more than the limit of ${options.maxBytes}`,
    };
  }
  if (object.type !== 'json') return null;
  let value: Json;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as Json;
  } catch {
    return { code: 'INVALID_INPUT', reason: 'a json object holds UTF-8 JSON text' };
  }
  if (object.schema === null) return null;
  const problems = validateJsonSchema(object.schema, value);
  if (problems.length === 0) return null;
  return {
    code: 'INVALID_INPUT',
    reason: `the content does not match the object's schema: ${problems.join('; ')}`,
  };
}
