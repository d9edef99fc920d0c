// Reading a version's payload and proving it is the one the version names (its sha256).
import { LibosError } from '../../base/errors.js';
import { sha256Hex } from '../../base/hash.js';
import type { ObjectReader } from '../../ports/object-store.js';

/**
 * The payload stored under `sha256`, checked against it: bytes edited in the database behind the
 * runtime's back are refused rather than handed to a process or a model.
 * @throws STORE_CORRUPT when the payload is missing or its bytes do not hash to `sha256`
 */
export async function readPayload(
  reader: ObjectReader,
  sha256: string,
  options: { readonly attempted: string; readonly ref: string },
): Promise<Uint8Array> {
  const bytes = await reader.getBlob(sha256);
  if (bytes === undefined)
    throw new LibosError(
      'STORE_CORRUPT',
      `${options.attempted} failed: the payload of ${options.ref} is missing`,
      { details: { object: options.ref } },
    );
  if (sha256Hex(bytes) !== sha256)
    throw new LibosError(
      'STORE_CORRUPT',
      `${options.attempted} failed: the payload of ${options.ref} does not match its sha256: it was changed in the database`,
      { details: { object: options.ref } },
    );
  return bytes;
}
