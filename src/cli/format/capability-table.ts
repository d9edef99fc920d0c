// The `caps list` table: one row per capability record, with its limits and lineage.
import { formatResource } from '../../kernel/capability/resource.js';
import type { Capability } from '../../kernel/capability/types.js';
import { formatTable } from './format-table.js';

const HEADERS = [
  'ID',
  'SUBJECT',
  'RESOURCE',
  'RIGHTS',
  'EFFECT',
  'USES',
  'EXPIRES',
  'PARENT',
  'ISSUED BY',
  'REVOKED',
];

/**
 * The text table of `records`. USES is the uses left (`∞` for unlimited); EXPIRES and REVOKED are
 * ISO times (`-` for none), an expiry at or before `now` marked `(expired)`; an allow bound to one
 * call shows as `allow(call)`, one a human approved for good as `allow(approved)`.
 */
export function formatCapabilityTable(
  records: readonly Capability[],
  options: { now: number },
): string {
  const rows = records.map((r) => [
    r.id,
    r.subject,
    formatResource(r.resource),
    r.rights.join(','),
    effectLabel(r),
    r.usesRemaining === null ? '∞' : String(r.usesRemaining),
    expiryLabel(r.expiresAt, options.now),
    r.parentId ?? '-',
    r.issuedBy,
    r.revokedAt === null ? '-' : new Date(r.revokedAt).toISOString(),
  ]);
  return formatTable(HEADERS, rows);
}

function effectLabel(record: Capability): string {
  if (record.boundCall !== null) return `${record.effect}(call)`;
  if (record.approval !== null) return `${record.effect}(approved)`;
  return record.effect;
}

function expiryLabel(expiresAt: number | null, now: number): string {
  if (expiresAt === null) return '-';
  const iso = new Date(expiresAt).toISOString();
  return expiresAt <= now ? `${iso}(expired)` : iso;
}
