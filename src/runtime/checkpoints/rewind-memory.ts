// A restore's Object Memory: the subtree's namespaces back to the captured objects and versions.
import { LibosError } from '../../base/errors.js';
import type { Pid } from '../../base/ids.js';
import type { CapturedObject, CheckpointManifest } from '../../kernel/checkpoint/types.js';
import { privateNamespace, type ObjectId } from '../../kernel/object/types.js';
import type { CommandScope } from '../commands/command-scope.js';
import { liveObjects } from './live-objects.js';
import type { MemoryRewind } from '../../kernel/checkpoint/reports.js';

/**
 * In the restore's command: deletes (tombstones) every live object of the captured namespaces
 * the checkpoint does not name, then makes each captured object live again at its captured
 * content: when its latest version differs (or it was deleted since), a new version is written
 * that shares the captured version's payload by hash and carries its labels (no byte copied,
 * history append-only). Journals `object.deleted` and `object.restored` for each.
 */
export async function rewindMemory(
  scope: CommandScope,
  manifest: CheckpointManifest,
  checkpoint: string,
): Promise<MemoryRewind> {
  const captured = new Map<ObjectId, CapturedObject>(manifest.objects.map((o) => [o.id, o]));
  let removed = 0;
  for (const namespace of manifest.namespaces) {
    for (const object of await liveObjects(scope.tx, namespace)) {
      if (captured.has(object.id)) continue;
      await scope.tx.updateObject(
        { ...object, updatedAt: scope.now, deletedAt: scope.now },
        { expectedVersion: object.latestVersion },
      );
      scope.journal('object.deleted', ownerOf(namespace, manifest), {
        object: object.id,
        namespace,
        name: object.name,
        version: object.latestVersion,
        checkpoint,
      });
      removed += 1;
    }
  }
  let restored = 0;
  for (const want of manifest.objects) {
    const current = await scope.tx.getObject(want.id);
    if (current === undefined)
      throw new LibosError('STORE_CORRUPT', `Restoring a checkpoint failed: ${want.id} is gone`);
    if (current.latestVersion === want.version && current.deletedAt === null) continue;
    const from = await scope.tx.getVersion(want.id, want.version);
    if (from === undefined)
      throw new LibosError(
        'STORE_CORRUPT',
        `Restoring a checkpoint failed: ${want.id} has no version ${want.version}`,
      );
    const version = current.latestVersion + 1;
    await scope.tx.insertVersion({ ...from, version, createdAt: scope.now });
    await scope.tx.updateObject(
      { ...current, latestVersion: version, updatedAt: scope.now, deletedAt: null },
      { expectedVersion: current.latestVersion },
    );
    scope.journal('object.restored', ownerOf(want.namespace, manifest), {
      object: want.id,
      namespace: want.namespace,
      name: want.name,
      version,
      from: want.version,
      sha256: from.sha256,
      checkpoint,
    });
    restored += 1;
  }
  return { restored, removed };
}

/** The captured process whose private namespace this is (namespaces are `proc/<pid>`). */
function ownerOf(namespace: string, manifest: CheckpointManifest): Pid {
  const found = manifest.processes.find((p) => privateNamespace(p.process.pid) === namespace);
  return found?.process.pid ?? manifest.root;
}
