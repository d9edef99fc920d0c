// The Store port's Object Memory part: namespaces, objects, immutable versions, content-addressed blobs.
import type { MemoryObject, Namespace, ObjectId, ObjectVersion } from '../kernel/object/types.js';

/** Reads of Object Memory. */
export interface ObjectReader {
  getNamespace(name: string): Promise<Namespace | undefined>;
  /** Namespaces keyset-paged by name, after `afterName`. */
  listNamespaces(query: { afterName?: string; limit: number }): Promise<Namespace[]>;
  getObject(id: ObjectId): Promise<MemoryObject | undefined>;
  /** The live (not deleted) object with this name in `namespace`. */
  findObject(namespace: string, name: string): Promise<MemoryObject | undefined>;
  /** Objects of a namespace keyset-paged by name (then id); tombstoned ones only when asked. */
  listObjects(query: {
    namespace: string;
    afterName?: string;
    limit: number;
    includeDeleted?: boolean;
  }): Promise<MemoryObject[]>;
  getVersion(id: ObjectId, version: number): Promise<ObjectVersion | undefined>;
  /** Every version of an object, oldest first. */
  listVersions(id: ObjectId): Promise<ObjectVersion[]>;
  /** The payload stored under `sha256`. */
  getBlob(sha256: string): Promise<Uint8Array | undefined>;
}

/** Writes of Object Memory; only inside a transaction. */
export interface ObjectWriter {
  /** @throws ALREADY_EXISTS when the namespace exists */
  insertNamespace(ns: Namespace): Promise<void>;
  /** @throws ALREADY_EXISTS when a live object has the same namespace and name */
  insertObject(object: MemoryObject): Promise<void>;
  /**
   * Replaces an object's row (new latest version, tombstone).
   * @throws VERSION_CONFLICT unless the stored latest version is `expectedVersion`
   */
  updateObject(object: MemoryObject, options: { expectedVersion: number }): Promise<void>;
  insertVersion(version: ObjectVersion): Promise<void>;
  /** Stores a payload under its sha256 unless already there (deduplication); returns whether it was new. */
  putBlob(sha256: string, bytes: Uint8Array): Promise<boolean>;
}
