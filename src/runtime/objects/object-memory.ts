// Object Memory operations bound to one caller (a process in a quantum, or the operator).
import type { Json } from '../../base/canonical-json.js';
import type { MemoryObject, Namespace } from '../../kernel/object/types.js';
import type {
  ObjectAddress,
  ObjectContent,
  ObjectOps,
  ObjectPage,
  ObjectPayload,
  ObjectSnapshot,
} from '../../ports/object-ops.js';
import type { RuntimeDeps } from '../deps.js';
import { createNamespace } from './create-namespace.js';
import { createObject } from './create-object.js';
import { deleteObject } from './delete-object.js';
import { linkObject } from './link-object.js';
import { listObjects } from './list-objects.js';
import type { ObjectCaller } from './object-caller.js';
import { readObject } from './read-object.js';
import { updateObject } from './update-object.js';

/**
 * The runtime's Object Memory for one caller: every write is one journaled command (fenced by
 * the caller's lease when it is a process); reads use one snapshot. No capability checks here:
 * syscalls reach it only after the pipeline authorised them.
 */
export class ObjectMemory implements ObjectOps {
  private readonly deps: RuntimeDeps;
  private readonly caller: ObjectCaller;

  constructor(deps: RuntimeDeps, caller: ObjectCaller) {
    this.deps = deps;
    this.caller = caller;
  }

  /** The same memory for one call: each write stores its outcome under `key` (see ObjectCaller). */
  forCall(key: string): ObjectMemory {
    return new ObjectMemory(this.deps, { ...this.caller, call: key });
  }

  /** Largest payload one version may have, in bytes. */
  get maxPayloadBytes(): number {
    return this.caller.maxPayloadBytes;
  }

  /** Creates a shared namespace owned by the caller. */
  createNamespace(name: string): Promise<Namespace> {
    return createNamespace(this.deps, this.caller, name);
  }

  /** Creates an object with version 1. */
  create(input: {
    namespace: string;
    name: string;
    type: string;
    schema: Json | null;
    content: ObjectContent;
  }): Promise<ObjectSnapshot> {
    return createObject(this.deps, this.caller, input);
  }

  /** Appends a version if the latest is still `expectedVersion`. */
  update(
    address: ObjectAddress,
    input: { content: ObjectContent; expectedVersion: number },
  ): Promise<ObjectSnapshot> {
    return updateObject(this.deps, this.caller, { address, ...input });
  }

  /** One version with its payload. */
  read(address: ObjectAddress, options: { version: number | null }): Promise<ObjectPayload> {
    return readObject(this.deps.store, address, options);
  }

  /** One page of a namespace's live objects. */
  list(query: { namespace: string; afterName?: string; limit: number }): Promise<ObjectPage> {
    return listObjects(this.deps.store, query);
  }

  /** Tombstones an object. */
  delete(address: ObjectAddress, options: { expectedVersion?: number }): Promise<MemoryObject> {
    return deleteObject(this.deps, this.caller, { address, ...options });
  }

  /** Links a version of `from` into `to` as a new object. */
  link(
    from: ObjectAddress,
    to: { namespace: string; name: string },
    options: { version: number | null },
  ): Promise<ObjectSnapshot> {
    return linkObject(this.deps, this.caller, { from, to, version: options.version });
  }
}
