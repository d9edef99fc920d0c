// A checkpoint manifest as stored: canonical JSON bytes, checked against their hash when read.
import { canonicalJson } from '../../base/canonical-json.js';
import { LibosError } from '../../base/errors.js';
import { sha256Hex } from '../../base/hash.js';
import {
  MANIFEST_FORMAT,
  type Checkpoint,
  type CheckpointManifest,
} from '../../kernel/checkpoint/types.js';
import type { StoreReader } from '../../ports/store.js';

/** The bytes and hash stored for `manifest`. */
export function encodeManifest(manifest: CheckpointManifest): {
  bytes: Uint8Array;
  sha256: string;
} {
  const bytes = Buffer.from(canonicalJson(manifest), 'utf8');
  return { bytes, sha256: sha256Hex(bytes) };
}

/**
 * The manifest of `checkpoint`, read and checked against the hash its row records.
 * @throws STORE_CORRUPT (missing, altered or of an unknown format)
 */
export async function readManifest(
  reader: StoreReader,
  checkpoint: Checkpoint,
): Promise<CheckpointManifest> {
  const bytes = await reader.getCheckpointManifest(checkpoint.id);
  const failed = `Reading checkpoint ${checkpoint.id} failed`;
  if (bytes === undefined) throw new LibosError('STORE_CORRUPT', `${failed}: its manifest is gone`);
  if (sha256Hex(bytes) !== checkpoint.manifestSha256)
    throw new LibosError('STORE_CORRUPT', `${failed}: its manifest does not match its hash`, {
      details: { checkpoint: checkpoint.id },
    });
  const manifest = JSON.parse(Buffer.from(bytes).toString('utf8')) as { format?: unknown };
  if (manifest.format !== MANIFEST_FORMAT)
    throw new LibosError('STORE_CORRUPT', `${failed}: manifest format ${String(manifest.format)}`);
  return manifest as CheckpointManifest;
}
