// Object Memory records: typed, versioned objects in namespaces, with provenance labels.
import type { Id, Pid } from '../../base/ids.js';
import type { Actor } from '../process/types.js';

/** An object id (`obj_…`). */
export type ObjectId = Id<'object'>;

/** The built-in object types; images and tools may add their own (any lowercase word). */
export const BUILTIN_OBJECT_TYPES = [
  'text',
  'json',
  'file-snapshot',
  'message',
  'tool-result',
  'plan',
  'note',
  'summary',
] as const;

/** Where content came from, least to most trusted is not implied: the set is kept. */
export const ORIGINS = ['model', 'tool', 'human', 'file', 'external'] as const;

/** One origin. */
export type Origin = (typeof ORIGINS)[number];

/** Sensitivity, ordered from least to most sensitive; a derivation takes the maximum. */
export const SENSITIVITIES = ['public', 'internal', 'confidential', 'secret'] as const;

/** One sensitivity level. */
export type Sensitivity = (typeof SENSITIVITIES)[number];

/** Provenance labels of one version, set by the runtime only. */
export interface Labels {
  /** The process (or operator) that wrote the version. */
  readonly creator: Actor;
  /** Every origin that flowed into the content (a derivation takes the union). */
  readonly origins: readonly Origin[];
  readonly sensitivity: Sensitivity;
  /** Object versions this version was derived from (`obj_…@N`). */
  readonly sourceObjects: readonly string[];
  /** Resources (canonical `kind:path`) it was derived from, e.g. `fs:notes.md`. */
  readonly sourceResources: readonly string[];
}

/** An object's identity and current state. */
export interface MemoryObject {
  readonly id: ObjectId;
  /** e.g. `proc/proc_…` (a private namespace) or `shared/<name>`. */
  readonly namespace: string;
  readonly name: string;
  readonly type: string;
  /** JSON Schema that every `json` version must satisfy, when given at creation. */
  readonly schema: string | null;
  readonly latestVersion: number;
  readonly createdAt: number;
  readonly updatedAt: number;
  /** Tombstone: set by delete; the history stays for checkpoints and audit. */
  readonly deletedAt: number | null;
}

/** One immutable version. */
export interface ObjectVersion {
  readonly objectId: ObjectId;
  readonly version: number;
  /** sha256 of the payload bytes (the content address). */
  readonly sha256: string;
  readonly size: number;
  readonly labels: Labels;
  readonly createdAt: number;
}

/** A namespace record. */
export interface Namespace {
  readonly name: string;
  /** `private` namespaces belong to one process; `shared` ones are reached through capabilities. */
  readonly kind: 'private' | 'shared';
  readonly owner: Pid | 'operator';
  readonly createdAt: number;
}

/** The private namespace of a process. */
export function privateNamespace(pid: Pid): string {
  return `proc/${pid}`;
}

/** The capability path of an object name in a namespace (`ns/<namespace>/<name>`). */
export function objectPath(namespace: string, name: string): string {
  return `ns/${namespace}/${name}`;
}
