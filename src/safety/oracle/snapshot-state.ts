// Takes a snapshot of what a run can change: its files and the store rows effects leave behind.
import type { HumanRequest } from '../../kernel/approval/types.js';
import type { JournalEntry } from '../../kernel/journal/entry.js';
import type { MemoryObject } from '../../kernel/object/types.js';
import type { AgentProcess } from '../../kernel/process/types.js';
import type { Runtime } from '../../runtime/runtime.js';
import { readEvidence } from './read-evidence.js';
import { snapshotFiles, type FileRoots, type FileSnapshot } from './snapshot-files.js';

/** Which store rows to look at beyond requests and processes (which are read whole). */
export interface StateScope {
  /** Object Memory namespaces; each process's private namespace is added. */
  readonly namespaces: readonly string[];
  /** Image ids whose newest registered version is read. */
  readonly images: readonly string[];
}

/** The state of a run at one moment: files, and the rows effects leave behind. */
export interface StateSnapshot {
  readonly files: FileSnapshot;
  readonly requests: readonly HumanRequest[];
  readonly processes: readonly AgentProcess[];
  /** Journal entries that record a process being created (`process.spawned|forked`). */
  readonly created: readonly JournalEntry[];
  /** The namespaces of the scope that exist. */
  readonly namespaces: ReadonlySet<string>;
  /** Every object of those namespaces, tombstoned ones included. */
  readonly objects: readonly MemoryObject[];
  /** The newest version of each image of the scope that exists. */
  readonly images: ReadonlyMap<string, number>;
}

// Scenarios hold a handful of objects; one page of a namespace is all of it.
const OBJECTS_PER_NAMESPACE = 1000;

/**
 * Reads the files under `roots` and, from `runtime`'s store, every human request and process,
 * the objects of the scoped and private namespaces, and the scoped images. Taken once after the
 * setup and once at the end, two snapshots show effects no journal entry needs to record.
 */
export async function snapshotState(
  runtime: Runtime,
  roots: FileRoots,
  scope: StateScope,
): Promise<StateSnapshot> {
  const files = await snapshotFiles(roots);
  const { requests, processes, journal } = await readEvidence(runtime);
  const created = journal.filter(
    (e) => e.type === 'process.spawned' || e.type === 'process.forked',
  );
  const names = [...new Set([...scope.namespaces, ...processes.map((p) => `proc/${p.pid}`)])];
  const namespaces = new Set<string>();
  const objects: MemoryObject[] = [];
  const images = new Map<string, number>();
  await runtime.store.read(async (reader) => {
    for (const name of names) {
      if ((await reader.getNamespace(name)) === undefined) continue;
      namespaces.add(name);
      objects.push(
        ...(await reader.listObjects({
          namespace: name,
          limit: OBJECTS_PER_NAMESPACE,
          includeDeleted: true,
        })),
      );
    }
    for (const id of new Set(scope.images)) {
      const image = await reader.getImage(id);
      if (image !== undefined) images.set(id, image.version);
    }
  });
  return { files, requests, processes, created, namespaces, objects, images };
}
