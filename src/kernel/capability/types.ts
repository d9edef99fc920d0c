// Capability records: who may do what to which resource, with what effect.
import type { Id, Pid } from '../../base/ids.js';
import type { Actor } from '../process/types.js';
import type { Right } from './catalog.js';
import type { ResourcePattern } from './resource.js';

/** A capability id (`cap_…`). */
export type CapabilityId = Id<'capability'>;

/** What a matching record says. */
export type CapabilityEffect = 'allow' | 'deny' | 'ask';

/** A capability record as stored. */
export interface Capability {
  readonly id: CapabilityId;
  readonly subject: Pid;
  readonly resource: ResourcePattern;
  readonly rights: readonly Right[];
  readonly effect: CapabilityEffect;
  /** Uses left for a counted grant; null for unlimited. */
  readonly usesRemaining: number | null;
  readonly expiresAt: number | null;
  /** The record this was delegated from; revoking it revokes this. */
  readonly parentId: CapabilityId | null;
  readonly delegable: boolean;
  readonly issuedBy: Actor;
  /**
   * The human request whose `allow_always`/`deny_always` answer created this record, or null. An
   * approved allow outranks `ask` records: the human already answered the question they pose.
   */
  readonly approval: string | null;
  /** For a one-shot approval: the hash of the one call it allows; null otherwise. */
  readonly boundCall: string | null;
  /** Delegation depth: 0 for a record granted by the operator or a human decision. */
  readonly depth: number;
  readonly createdAt: number;
  readonly revokedAt: number | null;
}

/** The deepest delegation chain allowed. */
export const MAX_DELEGATION_DEPTH = 8;

/** A concrete resource an effect acts on (never a pattern). */
export interface ConcreteResource {
  readonly kind: ResourcePattern['kind'];
  /** Normalised name or path (`.` for the workspace root). */
  readonly path: string;
}
