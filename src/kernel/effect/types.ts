// Effect intents: written before an external effect, settled after, never replayed when unknown.
import type { Id, Pid } from '../../base/ids.js';

/** An effect intent id (`eff_…`). */
export type EffectId = Id<'effect'>;

/** Where an intent stands. `unknown`: the runtime died between intent and settle. */
export type IntentState = 'pending' | 'committed' | 'failed' | 'not_started' | 'unknown';

/** An effect intent as stored. */
export interface EffectIntent {
  readonly id: EffectId;
  readonly pid: Pid;
  readonly syscall: string;
  /** Canonical resource text the effect acts on. */
  readonly resource: string;
  /** Unique per logical call: the same call never gets two intents. */
  readonly idempotencyKey: string;
  readonly state: IntentState;
  /** Error code when failed. */
  readonly code: string | null;
  readonly createdAt: number;
  readonly settledAt: number | null;
}
