// Checkpoint fixtures at size: a process tree whose members each hold many Object Memory objects,
// written straight through store transactions (one per process) so large states build in seconds.
import { sha256Hex } from '../../src/base/hash.js';
import { createRandomIdSource, type IdSource, type Pid } from '../../src/base/ids.js';
import {
  privateNamespace,
  type Labels,
  type MemoryObject,
  type ObjectVersion,
} from '../../src/kernel/object/types.js';
import type { StoreTx } from '../../src/ports/store.js';
import type { Runtime } from '../../src/runtime/runtime.js';

/** How big a seeded subtree is. */
export interface SubtreeSize {
  /** Processes in the tree (the root included), each with up to `fanOut` children. */
  readonly processes: number;
  /** Live objects in each process's private namespace. */
  readonly objects: number;
  /** Bytes of each object's payload (every payload distinct: nothing deduplicates). */
  readonly payloadBytes: number;
  /** `input` transcript entries per process (default 4). */
  readonly transcript?: number;
}

/** A seeded tree: its root, every pid (root first, parents before children). */
export interface SeededSubtree {
  readonly root: Pid;
  readonly pids: readonly Pid[];
}

const FAN_OUT = 10;
const LABELS: Labels = {
  creator: 'operator',
  origins: ['human'],
  sensitivity: 'internal',
  sourceObjects: [],
  sourceResources: [],
};

/**
 * Spawns a tree of `size.processes` processes (runnable, never run) as the operator, breadth
 * first with up to ten children each, and fills each private namespace with `size.objects`
 * objects of `size.payloadBytes` distinct bytes, version 1, plus a few transcript entries: one
 * store transaction per process, not journaled (a fixture, not an agent's work).
 */
export async function seedSubtree(
  rt: Runtime,
  size: SubtreeSize,
  options: { readonly goal?: string } = {},
): Promise<SeededSubtree> {
  const goal = options.goal ?? 'seeded for checkpoints';
  const root = await rt.spawn({ imageId: 'base', goal, name: 'seed-0' });
  const pids: Pid[] = [root.pid];
  for (let i = 1; i < size.processes; i += 1) {
    const parentPid = pids[Math.floor((i - 1) / FAN_OUT)] ?? root.pid;
    const child = await rt.spawn({ imageId: 'base', goal, name: `seed-${i}`, parentPid });
    pids.push(child.pid);
  }
  const ids = createRandomIdSource();
  for (const pid of pids)
    await rt.store.transact(async (tx) => {
      const at = rt.clock.now();
      for (let i = 0; i < size.objects; i += 1)
        await insertObject(tx, ids, {
          namespace: privateNamespace(pid),
          name: objectName(i),
          bytes: payload(`${pid} ${i} v1`, size.payloadBytes),
          at,
        });
      for (let i = 0; i < (size.transcript ?? 4); i += 1)
        await tx.appendTranscript(
          pid,
          { kind: 'input', text: `seed ${i}`, from: 'operator' },
          { at },
        );
    });
  return { root: root.pid, pids };
}

/** The name of a seeded object: `o0000`, `o0001`, … */
export function objectName(i: number): string {
  return `o${String(i).padStart(4, '0')}`;
}

/** `bytes` distinct bytes for `seed`: the seed's text, then a fill derived from its hash. */
export function payload(seed: string, bytes: number): Uint8Array {
  const out = Buffer.alloc(bytes, sha256Hex(seed));
  out.write(seed.slice(0, bytes), 0, 'utf8');
  return out;
}

/** Inserts a live object with version 1 (its blob stored unless already there). */
export async function insertObject(
  tx: StoreTx,
  ids: IdSource,
  input: { namespace: string; name: string; bytes: Uint8Array; at: number },
): Promise<MemoryObject> {
  const object: MemoryObject = {
    id: ids.next('object'),
    namespace: input.namespace,
    name: input.name,
    type: 'text',
    schema: null,
    latestVersion: 1,
    createdAt: input.at,
    updatedAt: input.at,
    deletedAt: null,
  };
  await tx.insertObject(object);
  await putVersion(tx, { object, bytes: input.bytes, at: input.at });
  return object;
}

/** Appends a version with `bytes` to a live object (compare-and-set on its latest version). */
export async function updateObject(
  tx: StoreTx,
  input: { object: MemoryObject; bytes: Uint8Array; at: number },
): Promise<MemoryObject> {
  const next = {
    ...input.object,
    latestVersion: input.object.latestVersion + 1,
    updatedAt: input.at,
  };
  await putVersion(tx, { object: next, bytes: input.bytes, at: input.at });
  await tx.updateObject(next, { expectedVersion: input.object.latestVersion });
  return next;
}

async function putVersion(
  tx: StoreTx,
  input: { object: MemoryObject; bytes: Uint8Array; at: number },
): Promise<void> {
  const sha256 = sha256Hex(input.bytes);
  await tx.putBlob(sha256, input.bytes);
  const version: ObjectVersion = {
    objectId: input.object.id,
    version: input.object.latestVersion,
    sha256,
    size: input.bytes.byteLength,
    labels: LABELS,
    createdAt: input.at,
  };
  await tx.insertVersion(version);
}
