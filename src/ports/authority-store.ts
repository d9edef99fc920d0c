// The Store port's authority part: capability records, human requests and effect intents.
import type { Pid } from '../base/ids.js';
import type {
  HumanRequest,
  RequestId,
  RequestPurpose,
  RequestState,
} from '../kernel/approval/types.js';
import type { ResourceKind } from '../kernel/capability/catalog.js';
import type { Capability, CapabilityId } from '../kernel/capability/types.js';
import type { EffectId, EffectIntent, IntentState } from '../kernel/effect/types.js';

/** Index keys for a capability lookup (see kernel `lookupKeys`). */
export interface CapabilityKeys {
  readonly exact: string;
  readonly subtrees: readonly string[];
}

/** Reads of authority records. */
export interface AuthorityReader {
  /**
   * The version of the capability records this reader sees, for caches of them: whenever two
   * readers of one store report the same number, they see the same capability rows. It moves with
   * every committed change to any capability row and never comes back to a number once used with
   * other rows (a rollback must not hand out a number a later commit reuses for different rows).
   * Null when the reader cannot promise this: a read-only handle (another process may write), or a
   * transaction that (or whose batch) has written capability rows not yet committed. SQLite: an
   * in-memory counter the single writer moves after each COMMIT that wrote capability rows, read
   * when a snapshot starts. PostgreSQL: a counter row bumped in the same transaction as any
   * capability write, read in the same (repeatable-read) snapshot as the records; null inside a
   * transaction once it has written one (its bump may still roll back).
   */
  capabilityVersion(): Promise<number | null>;
  /** Unrevoked records of `subject` that can cover a resource with these keys (indexed probes). */
  findCapabilities(subject: Pid, kind: ResourceKind, keys: CapabilityKeys): Promise<Capability[]>;
  getCapability(id: CapabilityId): Promise<Capability | undefined>;
  /** Keyset-paged by id; revoked records only when asked. */
  listCapabilities(query: {
    subject?: Pid;
    afterId?: CapabilityId;
    limit: number;
    includeRevoked?: boolean;
  }): Promise<Capability[]>;
  /** Records delegated directly from `parentId`. */
  listCapabilityChildren(parentId: CapabilityId): Promise<Capability[]>;
  getRequest(id: RequestId): Promise<HumanRequest | undefined>;
  /** Keyset-paged by id. */
  listRequests(query: {
    states?: readonly RequestState['kind'][];
    pid?: Pid;
    afterId?: RequestId;
    limit: number;
  }): Promise<HumanRequest[]>;
  /** The newest request of `purpose` raised by this exact call of `pid`, if any. */
  findRequestByCall(
    pid: Pid,
    callHash: string,
    purpose: RequestPurpose,
  ): Promise<HumanRequest | undefined>;
  getIntent(id: EffectId): Promise<EffectIntent | undefined>;
  /** The intent of the call with this idempotency key, if one was ever written. */
  findIntentByKey(idempotencyKey: string): Promise<EffectIntent | undefined>;
  /** Keyset-paged by id. */
  listIntents(query: {
    state?: IntentState;
    pid?: Pid;
    afterId?: EffectId;
    limit: number;
  }): Promise<EffectIntent[]>;
}

/** Writes of authority records; only inside a transaction. */
export interface AuthorityWriter {
  insertCapability(cap: Capability): Promise<void>;
  /** Replaces a record (uses, revocation); ids never change. */
  updateCapability(cap: Capability): Promise<void>;
  insertRequest(request: HumanRequest): Promise<void>;
  /**
   * Replaces a request.
   * @throws VERSION_CONFLICT when the stored version is not `request.version - 1`.
   */
  updateRequest(request: HumanRequest): Promise<void>;
  /**
   * Inserts an intent.
   * @throws ALREADY_EXISTS when an intent with the same idempotency key exists.
   */
  insertIntent(intent: EffectIntent): Promise<void>;
  updateIntent(intent: EffectIntent): Promise<void>;
}
