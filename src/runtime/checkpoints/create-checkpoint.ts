// Taking a checkpoint: capture a subtree in the command's transaction and store the manifest.
import { LibosError } from '../../base/errors.js';
import type { Pid } from '../../base/ids.js';
import type { Checkpoint, CheckpointManifest } from '../../kernel/checkpoint/types.js';
import type { CommandScope } from '../commands/command-scope.js';
import type { RuntimeDeps } from '../deps.js';
import { captureManifest } from './capture.js';
import { encodeManifest } from './manifest-codec.js';

/**
 * Most checkpoints one root may have: each holds its subtree's transcripts and rows, and an agent
 * may take them without a grant.
 */
export const MAX_CHECKPOINTS_PER_ROOT = 100;

/**
 * Captures `root`'s subtree and stores it as a new checkpoint, in the caller's command (one
 * transaction: what it captured is one consistent state). Journals `checkpoint.created`.
 * @throws NOT_FOUND (no such process), OUT_OF_RANGE (a mailbox too full to capture, or the root
 *   has MAX_CHECKPOINTS_PER_ROOT already)
 */
export async function createCheckpoint(
  scope: CommandScope,
  deps: RuntimeDeps,
  input: {
    readonly root: Pid;
    readonly name: string | null;
    readonly call: CheckpointManifest['call'];
  },
): Promise<Checkpoint> {
  const root = await scope.load(input.root, 'Taking a checkpoint');
  const held = await scope.tx.listCheckpoints({
    rootPid: root.pid,
    limit: MAX_CHECKPOINTS_PER_ROOT,
  });
  if (held.length >= MAX_CHECKPOINTS_PER_ROOT)
    throw new LibosError(
      'OUT_OF_RANGE',
      `Taking a checkpoint failed: ${root.pid} already has ${MAX_CHECKPOINTS_PER_ROOT} checkpoints; remove some (checkpoint rm, checkpoint prune)`,
      { details: { pid: root.pid } },
    );
  const manifest = await captureManifest(scope.tx, root, { call: input.call });
  const { bytes, sha256 } = encodeManifest(manifest);
  const checkpoint: Checkpoint = {
    id: deps.ids.next('checkpoint'),
    rootPid: root.pid,
    name: input.name,
    createdBy: scope.actor,
    createdAt: scope.now,
    // What this batch's earlier commands appended counts as before the checkpoint.
    journalSeq: await scope.tx.journalTail(),
    fileChangeSeq: await scope.tx.fileChangeHighWater(),
    processCount: manifest.processes.length,
    objectCount: manifest.objects.length,
    manifestSha256: sha256,
  };
  await scope.tx.insertCheckpoint(checkpoint, bytes);
  scope.journal('checkpoint.created', root.pid, {
    checkpoint: checkpoint.id,
    name: checkpoint.name,
    processes: manifest.processes.map((p) => p.process.pid),
    capabilities: manifest.capabilities.length,
    objects: checkpoint.objectCount,
    manifestSha256: sha256,
    bytes: bytes.byteLength,
  });
  return checkpoint;
}
