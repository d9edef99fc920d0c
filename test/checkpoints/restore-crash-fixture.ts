// The restore crash test's starting point: a checkpointed subtree, then much changed after the
// checkpoint, so restoring it is one long transaction touching every kind of state it rewinds.
import { sha256Hex } from '../../src/base/hash.js';
import { createRandomIdSource, type Pid } from '../../src/base/ids.js';
import { privateNamespace } from '../../src/kernel/object/types.js';
import type { Runtime } from '../../src/runtime/runtime.js';
import { insertObject, objectName, payload, seedSubtree, updateObject } from './seed-subtree.js';
import type { SubtreeSize } from './seed-subtree.js';

/** A subtree ready to be restored, and the checkpoint to restore. */
export interface PreparedRestore {
  readonly checkpoint: string;
  readonly root: Pid;
  readonly pids: readonly Pid[];
  /** Records granted after the checkpoint (the restore revokes them). */
  readonly granted: readonly string[];
  /** Records revoked after the checkpoint (they stay revoked). */
  readonly revoked: readonly string[];
}

/** Objects each process creates after the checkpoint (the restore tombstones them). */
const NEW_OBJECTS = 20;

/**
 * Seeds `size`, gives each process a record to keep and one to be revoked later, takes a
 * checkpoint of the root, and then changes everything a restore puts back: every object updated
 * and new ones created, transcripts grown, a setting and a pending question per process, the
 * second record of each revoked and a new one granted, operator messages left unread, a process
 * paused, and newcomers spawned under the root and under a child.
 */
export async function prepareRestore(rt: Runtime, size: SubtreeSize): Promise<PreparedRestore> {
  const tree = await seedSubtree(rt, size, { goal: 'restore crash' });
  await rt.grantAll(
    tree.pids.map((pid) => ({ subject: pid, resource: 'fs:docs/**', rights: 'read' })),
  );
  const later = await rt.grantAll(
    tree.pids.map((pid) => ({ subject: pid, resource: 'fs:src/**', rights: 'read' })),
  );
  const checkpoint = await rt.checkpoints.create(tree.root, { name: 'restore crash' });

  for (const record of later) await rt.revoke(record.id);
  const granted = await rt.grantAll(
    tree.pids.map((pid) => ({ subject: pid, resource: 'fs:new/**', rights: 'read,write' })),
  );
  const second = tree.pids[1] ?? tree.root;
  for (const parentPid of [tree.root, tree.root, second])
    await rt.spawn({ imageId: 'base', goal: 'newcomer', parentPid });
  await rt.signal(tree.pids.at(-1) ?? tree.root, 'pause');
  for (const pid of tree.pids.slice(0, 5)) await rt.send(pid, { after: 'the checkpoint' });
  const ids = createRandomIdSource();
  for (const pid of tree.pids)
    await rt.store.transact(async (tx) => {
      const at = rt.clock.now();
      const namespace = privateNamespace(pid);
      for (let i = 0; i < size.objects; i += 1) {
        const object = await tx.findObject(namespace, objectName(i));
        if (object === undefined) throw new Error(`${pid} has no ${objectName(i)}`);
        await updateObject(tx, { object, bytes: payload(`${pid} ${i} v2`, size.payloadBytes), at });
      }
      for (let i = 0; i < NEW_OBJECTS; i += 1)
        await insertObject(tx, ids, {
          namespace,
          name: `new${i}`,
          bytes: payload(`${pid} new ${i}`, size.payloadBytes),
          at,
        });
      for (let i = 0; i < 3; i += 1)
        await tx.appendTranscript(
          pid,
          { kind: 'input', text: `later ${i}`, from: 'operator' },
          { at },
        );
      await tx.putSetting(pid, 'after', { checkpoint: checkpoint.id });
      await tx.insertRequest({
        id: ids.next('approval'),
        pid,
        channel: 'cli',
        body: { kind: 'question', question: 'asked after the checkpoint' },
        state: { kind: 'pending' },
        deadline: null,
        callHash: sha256Hex(`${pid} question`),
        consumed: false,
        createdAt: at,
        version: 1,
      });
    });
  return {
    checkpoint: checkpoint.id,
    root: tree.root,
    pids: tree.pids,
    granted: granted.map((c) => c.id),
    revoked: later.map((c) => c.id),
  };
}
