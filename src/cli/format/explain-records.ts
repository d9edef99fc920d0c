// Why each record matching an explained resource counted toward the decision or did not.
import type { Right } from '../../kernel/capability/catalog.js';
import { formatResource } from '../../kernel/capability/resource.js';
import type { Capability } from '../../kernel/capability/types.js';
import type { Explanation } from '../../runtime/authority/explain.js';

/** Why a record did or did not count, as a stable word for `--json`. */
export type RecordStatus =
  'decides' | 'outranked' | 'revoked' | 'expired' | 'used-up' | 'lacks-right' | 'bound-to-call';

/** One matching record with its status and a sentence saying why. */
export interface ExplainedRecord {
  readonly record: Capability;
  /** Whether the record took part in the decision (it is in force, has the right, is not call-bound). */
  readonly counts: boolean;
  readonly status: RecordStatus;
  readonly why: string;
}

/**
 * Labels each record of `explanation`, plus the `revoked` records that cover the same resource
 * (the runtime's explanation leaves those out), in id order. Labels follow the order in which the
 * kernel's `decide` filters records: not in force (revoked, expired, used up), without the right,
 * bound to one call (an explanation names no call), then the one that decides and those it
 * outranks.
 */
export function explainRecords(
  explanation: Explanation,
  options: { right: Right; now: number; revoked: readonly Capability[] },
): ExplainedRecord[] {
  const decider = explanation.decision.record;
  const seen = new Set(explanation.records.map(({ record }) => record.id));
  const records = [
    ...explanation.records.map(({ record }) => record),
    ...options.revoked.filter((record) => !seen.has(record.id)),
  ].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return records.map((record) => {
    const skip = whyNotCounted(record, options);
    if (skip !== null) return { record, counts: false, ...skip };
    if (record.id === decider?.id)
      return { record, counts: true, status: 'decides', why: `decides: ${record.effect}` };
    return {
      record,
      counts: true,
      status: 'outranked',
      why: `matches, but ${decider?.id ?? 'another record'} ranks higher (deny > call-bound allow > approved allow > ask > allow; ties: lowest id)`,
    };
  });
}

function whyNotCounted(
  record: Capability,
  options: { right: Right; now: number },
): { status: RecordStatus; why: string } | null {
  if (record.revokedAt !== null)
    return { status: 'revoked', why: `revoked at ${new Date(record.revokedAt).toISOString()}` };
  if (record.expiresAt !== null && record.expiresAt <= options.now)
    return { status: 'expired', why: `expired at ${new Date(record.expiresAt).toISOString()}` };
  if (record.usesRemaining !== null && record.usesRemaining <= 0)
    return { status: 'used-up', why: 'used up: no uses left' };
  if (!record.rights.includes(options.right))
    return {
      status: 'lacks-right',
      why: `lacks the right ${options.right}: ${formatResource(record.resource)} grants ${record.rights.join(',')}`,
    };
  if (record.boundCall !== null)
    return {
      status: 'bound-to-call',
      why: 'bound to another call: a one-shot approval counts only for the call it answered',
    };
  return null;
}
