// The hash a grant or approval of an MCP tool pins: sha256 of the canonical JSON of its input schema.
import { canonicalJson } from '../../base/canonical-json.js';
import { sha256Hex } from '../../base/hash.js';

/**
 * Hex sha256 of `schema` in canonical JSON (keys sorted, no white space): two servers sending
 * the same schema with keys in another order hash alike; any change of meaning changes it.
 */
export function schemaHash(schema: unknown): string {
  return sha256Hex(canonicalJson(schema));
}
