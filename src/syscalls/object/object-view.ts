// What object syscalls return about an object version: identity, version, hash, size, labels.
import type { Labels } from '../../kernel/object/types.js';
import type { ObjectSnapshot } from '../../ports/object-ops.js';

/** An object version as a syscall reports it (never the payload). */
export interface ObjectView {
  readonly id: string;
  readonly namespace: string;
  readonly name: string;
  readonly type: string;
  readonly version: number;
  readonly latestVersion: number;
  readonly sha256: string;
  readonly size: number;
  readonly labels: Labels;
  readonly deleted: boolean;
}

/** The view of a snapshot. */
export function viewOf(snapshot: ObjectSnapshot): ObjectView {
  const { object, version } = snapshot;
  return {
    id: object.id,
    namespace: object.namespace,
    name: object.name,
    type: object.type,
    version: version.version,
    latestVersion: object.latestVersion,
    sha256: version.sha256,
    size: version.size,
    labels: version.labels,
    deleted: object.deletedAt !== null,
  };
}

/** Journal data of a view: ids, version, hash and size. */
export function journalOf(view: ObjectView): {
  object: string;
  version: number;
  sha256: string;
  size: number;
} {
  return { object: view.id, version: view.version, sha256: view.sha256, size: view.size };
}
