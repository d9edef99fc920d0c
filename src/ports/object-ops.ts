// The Object Memory operations a syscall body (or the operator) may call, bound to the caller.
import type { Json } from '../base/canonical-json.js';
import type { ObjectRef } from '../kernel/object/object-ref.js';
import type {
  MemoryObject,
  Namespace,
  ObjectId,
  ObjectVersion,
  Sensitivity,
} from '../kernel/object/types.js';

/**
 * Where an object is. With `id`, exactly that object (even tombstoned), which must live at
 * `namespace`/`name`; without, the live object of that name.
 */
export interface ObjectAddress {
  readonly namespace: string;
  readonly name: string;
  readonly id?: ObjectId;
}

/**
 * New content for a version. The runtime sets the labels: creator and origin from the caller
 * (`model` for a process, `human` for the operator, `external` for fetched bytes, `file` when `fromFile` names the workspace
 * file it was read from), origins and sensitivity from the real labels of `sources`.
 */
export interface ObjectContent {
  readonly bytes: Uint8Array;
  /** Object versions the content was derived from (null version: the latest). */
  readonly sources?: readonly ObjectRef[];
  /** A sensitivity to raise the version to; it never ends below what the sources imply. */
  readonly sensitivity?: Sensitivity;
  /** The workspace-relative file the bytes were read from (object.fromFile). */
  readonly fromFile?: string;
  /**
   * The outside resource the bytes came from (`mcp:server/tool`, `net:https://host/path`): origin `external` (untrusted),
   * that resource as the version's source. Set only by syscalls that reach the world.
   */
  readonly fromExternal?: string;
}

/** An object with one of its versions (the latest unless a version was asked for). */
export interface ObjectSnapshot {
  readonly object: MemoryObject;
  readonly version: ObjectVersion;
}

/** A snapshot with its payload. */
export interface ObjectPayload extends ObjectSnapshot {
  readonly bytes: Uint8Array;
}

/** One page of a namespace listing. */
export interface ObjectPage {
  readonly items: readonly ObjectSnapshot[];
  /** Pass as `afterName` for the next page; null on the last page. */
  readonly nextAfter: string | null;
}

/**
 * Object Memory operations. They never check capabilities (the syscall pipeline already did);
 * a process's writes are fenced by its lease.
 */
export interface ObjectOps {
  /** Largest payload one version may have, in bytes. */
  readonly maxPayloadBytes: number;
  /**
   * Creates a shared namespace owned by the caller.
   * @throws INVALID_INPUT (bad name, `proc/`), ALREADY_EXISTS
   */
  createNamespace(name: string): Promise<Namespace>;
  /**
   * Creates an object with version 1.
   * @throws NOT_FOUND (namespace, source), ALREADY_EXISTS (name taken), INVALID_INPUT (name,
   *   type, schema, content against the schema), OUT_OF_RANGE (payload too large)
   */
  create(input: {
    namespace: string;
    name: string;
    type: string;
    schema: Json | null;
    content: ObjectContent;
  }): Promise<ObjectSnapshot>;
  /**
   * Appends a version if the latest is still `expectedVersion` (compare-and-set).
   * @throws VERSION_CONFLICT (nothing changes), NOT_FOUND, INVALID_INPUT, OUT_OF_RANGE
   */
  update(
    address: ObjectAddress,
    input: { content: ObjectContent; expectedVersion: number },
  ): Promise<ObjectSnapshot>;
  /**
   * One version with its payload (the latest when `version` is null).
   * @throws NOT_FOUND (no object, no such version, deleted and no version asked for)
   */
  read(address: ObjectAddress, options: { version: number | null }): Promise<ObjectPayload>;
  /**
   * Live objects of a namespace with their latest versions, by name.
   * @throws NOT_FOUND (namespace)
   */
  list(query: { namespace: string; afterName?: string; limit: number }): Promise<ObjectPage>;
  /**
   * Tombstones an object; its versions stay readable by id and version.
   * @throws NOT_FOUND, VERSION_CONFLICT (when `expectedVersion` is stale)
   */
  delete(address: ObjectAddress, options: { expectedVersion?: number }): Promise<MemoryObject>;
  /**
   * Creates `to` as a new object whose version 1 is a version of `from` (same payload, by hash).
   * @throws NOT_FOUND, ALREADY_EXISTS, INVALID_INPUT
   */
  link(
    from: ObjectAddress,
    to: { namespace: string; name: string },
    options: { version: number | null },
  ): Promise<ObjectSnapshot>;
}
