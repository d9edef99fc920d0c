// SHA-256 helpers used for the journal chain and content addressing.
import { createHash } from 'node:crypto';

/** Hex SHA-256 of a UTF-8 string or bytes. */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
