// Branded, prefixed identifiers and their parsing; the id port lets tests make them deterministic.
import { randomFillSync } from 'node:crypto';
import { LibosError } from './errors.js';

/** Id prefixes, one per kind of record. */
export const ID_PREFIXES = {
  process: 'proc_',
  capability: 'cap_',
  approval: 'apr_',
  object: 'obj_',
  checkpoint: 'ckpt_',
  effect: 'eff_',
  message: 'msg_',
  lease: 'lse_',
  task: 'task_',
} as const;

/** A kind of identifier. */
export type IdKind = keyof typeof ID_PREFIXES;

/** The brand key of ids (type-level only). */
export declare const brand: unique symbol;
/** An identifier branded with its kind. */
export type Id<K extends IdKind> = string & { readonly [brand]: K };

/** A process id (`proc_…`). */
export type Pid = Id<'process'>;
/** A message id (`msg_…`). */
export type MessageId = Id<'message'>;
/** A lease id (`lse_…`). */
export type LeaseId = Id<'lease'>;
/** A task id (`task_…`): a durable conversation whose runs are root processes. */
export type TaskId = Id<'task'>;

/** Makes fresh ids; injected so tests and replays can be deterministic. */
export interface IdSource {
  /** Returns a fresh id of the given kind. */
  next<K extends IdKind>(kind: K): Id<K>;
}

const BODY = /^[0-9a-z]{8,40}$/;

/**
 * Id source with time-ordered bodies: 10 base-36 chars of milliseconds then 10 random chars,
 * so ids sort roughly by creation and index well.
 */
export function createRandomIdSource(now: () => number = Date.now): IdSource {
  // Random bytes are drawn 4 KiB at a time (512 ids): one getrandom call instead of one per id.
  const pool = Buffer.alloc(4096);
  let used = pool.length;
  return {
    next<K extends IdKind>(kind: K): Id<K> {
      const time = Math.max(0, Math.floor(now())).toString(36).padStart(10, '0');
      if (used + 8 > pool.length) {
        randomFillSync(pool);
        used = 0;
      }
      const bits = pool.readBigUInt64BE(used);
      used += 8;
      const random = bits.toString(36).padStart(13, '0').slice(0, 10);
      return `${ID_PREFIXES[kind]}${time}${random}` as Id<K>;
    },
  };
}

/** Id source counting up from 1; for tests and deterministic demos. */
export function createSequentialIdSource(): IdSource {
  const counters = new Map<IdKind, number>();
  return {
    next<K extends IdKind>(kind: K): Id<K> {
      const n = (counters.get(kind) ?? 0) + 1;
      counters.set(kind, n);
      return `${ID_PREFIXES[kind]}${n.toString().padStart(8, '0')}` as Id<K>;
    },
  };
}

/** True when `value` is a well-formed id of `kind`. */
export function isId<K extends IdKind>(kind: K, value: unknown): value is Id<K> {
  if (typeof value !== 'string') return false;
  const prefix = ID_PREFIXES[kind];
  return value.startsWith(prefix) && BODY.test(value.slice(prefix.length));
}

/**
 * Parses an id of `kind`.
 * @throws INVALID_ID when `value` is not a well-formed id of that kind.
 */
export function parseId<K extends IdKind>(kind: K, value: unknown): Id<K> {
  if (isId(kind, value)) return value;
  const shown = typeof value === 'string' ? JSON.stringify(value.slice(0, 60)) : typeof value;
  throw new LibosError(
    'INVALID_ID',
    `Parsing an id of kind ${kind} failed: ${shown} is not of the form ${ID_PREFIXES[kind]}…`,
    {
      details: { kind },
    },
  );
}
