// Reading checkpoints: load one by id, summarise it, compare it with another or with now.
import { LibosError } from '../../base/errors.js';
import { parseId } from '../../base/ids.js';
import { diffManifests, type ManifestDiff } from '../../kernel/checkpoint/diff-manifests.js';
import type { CheckpointView } from '../../kernel/checkpoint/reports.js';
import type { Checkpoint, CheckpointId } from '../../kernel/checkpoint/types.js';
import type { StoreReader } from '../../ports/store.js';
import { captureManifest } from './capture.js';
import { readManifest } from './manifest-codec.js';

/**
 * The checkpoint `id`.
 * @throws INVALID_ID, NOT_FOUND
 */
export async function loadCheckpoint(
  reader: StoreReader,
  id: string,
  attempted: string,
): Promise<Checkpoint> {
  const parsed: CheckpointId = parseId('checkpoint', id);
  const found = await reader.getCheckpoint(parsed);
  if (found === undefined)
    throw new LibosError('NOT_FOUND', `${attempted} failed: no checkpoint ${parsed}`, {
      details: { checkpoint: parsed },
    });
  return found;
}

/**
 * The checkpoint `id` with a summary of each captured process.
 * @throws INVALID_ID, NOT_FOUND, STORE_CORRUPT
 */
export async function viewCheckpoint(reader: StoreReader, id: string): Promise<CheckpointView> {
  const checkpoint = await loadCheckpoint(reader, id, 'Showing a checkpoint');
  const manifest = await readManifest(reader, checkpoint);
  return {
    ...checkpoint,
    processes: manifest.processes.map((p) => ({
      pid: p.process.pid,
      parentPid: p.process.parentPid,
      state: p.process.state.kind,
      transcriptEntries: p.transcript.length,
      unread: p.undelivered.length,
    })),
    capabilities: manifest.capabilities.length,
    pendingRequests: manifest.requests.length,
  };
}

/**
 * What changed from checkpoint `from` to checkpoint `to` (of the same root), or to the subtree
 * as it is now when `to` is omitted.
 * @throws INVALID_ID, NOT_FOUND, INVALID_INPUT (different roots), STORE_CORRUPT
 */
export async function diffCheckpoint(
  reader: StoreReader,
  from: string,
  to?: string,
): Promise<ManifestDiff> {
  const attempted = 'Comparing checkpoints';
  const a = await loadCheckpoint(reader, from, attempted);
  const before = await readManifest(reader, a);
  if (to === undefined) {
    const root = await reader.getProcess(a.rootPid);
    if (root === undefined)
      throw new LibosError('NOT_FOUND', `${attempted} failed: ${a.rootPid} is gone`);
    return diffManifests(before, await captureManifest(reader, root, { call: null }));
  }
  const b = await loadCheckpoint(reader, to, attempted);
  if (b.rootPid !== a.rootPid)
    throw new LibosError(
      'INVALID_INPUT',
      `${attempted} failed: ${a.id} and ${b.id} are of different subtrees`,
    );
  return diffManifests(before, await readManifest(reader, b));
}
