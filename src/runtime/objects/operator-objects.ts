// The operator's Object Memory API: namespaces and objects addressed by id, labelled `human`.
import { canonicalJson, type Json } from '../../base/canonical-json.js';
import { LibosError } from '../../base/errors.js';
import { parseId } from '../../base/ids.js';
import { parseObjectRef, type ObjectRef } from '../../kernel/object/object-ref.js';
import type {
  MemoryObject,
  Namespace,
  ObjectVersion,
  Sensitivity,
} from '../../kernel/object/types.js';
import type {
  ObjectAddress,
  ObjectPage,
  ObjectPayload,
  ObjectSnapshot,
} from '../../ports/object-ops.js';
import type { RuntimeDeps } from '../deps.js';
import { ObjectMemory } from './object-memory.js';

/** Content as the operator gives it: bytes, text, or a JSON value (stored as canonical JSON). */
export type OperatorContent = Uint8Array | string | Json;

/** Optional provenance the operator may add to a version. */
export interface OperatorProvenance {
  /** `obj_…` or `obj_…@N`: what the content was derived from (their labels flow in). */
  readonly sources?: readonly string[];
  readonly sensitivity?: Sensitivity;
}

/**
 * Object Memory as the operator: no capability checks (the operator holds all authority),
 * every write journaled with actor `operator` and labelled origin `human`.
 */
export class OperatorObjects {
  private readonly deps: RuntimeDeps;
  private readonly memory: ObjectMemory;

  constructor(deps: RuntimeDeps, options: { maxPayloadBytes: number }) {
    this.deps = deps;
    this.memory = new ObjectMemory(deps, {
      actor: 'operator',
      fence: null,
      maxPayloadBytes: options.maxPayloadBytes,
    });
  }

  /**
   * Creates a shared namespace (e.g. `shared/research`); grant access with
   * `object:ns/<namespace>/**`.
   * @throws INVALID_INPUT, ALREADY_EXISTS
   */
  createNamespace(name: string): Promise<Namespace> {
    return this.memory.createNamespace(name);
  }

  /**
   * Creates an object (version 1).
   * @throws as ObjectOps.create
   */
  create(
    input: {
      namespace: string;
      name: string;
      type: string;
      content: OperatorContent;
      schema?: Json;
    } & OperatorProvenance,
  ): Promise<ObjectSnapshot> {
    return this.memory.create({
      namespace: input.namespace,
      name: input.name,
      type: input.type,
      schema: input.schema ?? null,
      content: { bytes: toBytes(input.content), ...provenance(input) },
    });
  }

  /**
   * Appends a version with compare-and-set.
   * @throws as ObjectOps.update
   */
  async update(
    id: string,
    input: { content: OperatorContent; expectedVersion: number } & OperatorProvenance,
  ): Promise<ObjectSnapshot> {
    return this.memory.update(await this.address(id), {
      expectedVersion: input.expectedVersion,
      content: { bytes: toBytes(input.content), ...provenance(input) },
    });
  }

  /**
   * A version (latest unless given) with its payload.
   * @throws INVALID_ID, NOT_FOUND
   */
  async read(id: string, options: { version?: number } = {}): Promise<ObjectPayload> {
    return this.memory.read(await this.address(id), { version: options.version ?? null });
  }

  /**
   * An object's record (also when tombstoned).
   * @throws INVALID_ID, NOT_FOUND
   */
  async get(id: string): Promise<MemoryObject> {
    const objectId = parseId('object', id);
    const found = await this.deps.store.read((r) => r.getObject(objectId));
    if (found === undefined)
      throw new LibosError('NOT_FOUND', `Reading an object failed: no object ${objectId}`);
    return found;
  }

  /**
   * Every version of an object, oldest first (kept after deletion).
   * @throws INVALID_ID, NOT_FOUND
   */
  async versions(id: string): Promise<ObjectVersion[]> {
    const object = await this.get(id);
    return this.deps.store.read((r) => r.listVersions(object.id));
  }

  /** Namespaces (private and shared) in name order, keyset-paged after `afterName`. */
  namespaces(query: { afterName?: string; limit?: number } = {}): Promise<Namespace[]> {
    return this.deps.store.read((r) =>
      r.listNamespaces({ ...query, limit: Math.min(query.limit ?? 100, 1000) }),
    );
  }

  /**
   * One page of a namespace's live objects.
   * @throws NOT_FOUND, OUT_OF_RANGE
   */
  list(query: { namespace: string; afterName?: string; limit?: number }): Promise<ObjectPage> {
    return this.memory.list({ ...query, limit: query.limit ?? 100 });
  }

  /**
   * Tombstones an object; its versions stay readable.
   * @throws NOT_FOUND, VERSION_CONFLICT
   */
  async delete(id: string, options: { expectedVersion?: number } = {}): Promise<MemoryObject> {
    return this.memory.delete(await this.address(id), options);
  }

  /**
   * Links a version of `id` into `to` as a new object sharing its payload.
   * @throws NOT_FOUND, ALREADY_EXISTS, INVALID_INPUT
   */
  async link(
    id: string,
    to: { namespace: string; name: string; version?: number },
  ): Promise<ObjectSnapshot> {
    return this.memory.link(
      await this.address(id),
      { namespace: to.namespace, name: to.name },
      { version: to.version ?? null },
    );
  }

  private async address(id: string): Promise<ObjectAddress> {
    const object = await this.get(id);
    return { id: object.id, namespace: object.namespace, name: object.name };
  }
}

function toBytes(content: OperatorContent): Uint8Array {
  if (content instanceof Uint8Array) return content;
  if (typeof content === 'string') return Buffer.from(content, 'utf8');
  return Buffer.from(canonicalJson(content), 'utf8');
}

function provenance(input: OperatorProvenance): {
  sources?: ObjectRef[];
  sensitivity?: Sensitivity;
} {
  const sources = (input.sources ?? []).map((text) => {
    const ref = parseObjectRef(text);
    if (ref === null)
      throw new LibosError(
        'INVALID_INPUT',
        `Reading sources failed: ${JSON.stringify(text)} is not obj_…[@N]`,
      );
    return ref;
  });
  return {
    ...(sources.length === 0 ? {} : { sources }),
    ...(input.sensitivity === undefined ? {} : { sensitivity: input.sensitivity }),
  };
}
