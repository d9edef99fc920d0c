// `agent-libos caps explain`: what a process may do with one right on one resource, and why.
import { parseId, type Pid } from '../../base/ids.js';
import type { Decision } from '../../kernel/capability/decide.js';
import { covers } from '../../kernel/capability/match.js';
import { formatResource } from '../../kernel/capability/resource.js';
import type { Capability, CapabilityId, ConcreteResource } from '../../kernel/capability/types.js';
import type { Runtime } from '../../runtime/runtime.js';
import type { CliContext } from '../cli-context.js';
import { collectPages } from '../../base/collect-pages.js';
import { explainRecords, type ExplainedRecord } from '../format/explain-records.js';
import { formatTable } from '../format/format-table.js';
import { writeJson } from '../format/write-json.js';
import { openReadRuntime } from '../open-read-runtime.js';
import { parseConcreteResource } from '../parse-concrete-resource.js';

/** `caps explain` arguments as commander parsed them. */
export interface CapabilityExplainOptions {
  readonly pid: string;
  /** A concrete `kind:name`, e.g. `fs:src/a.ts`. */
  readonly resource: string;
  readonly right: string;
}

/**
 * Prints the decision (allow, ask or deny) for `<pid>` doing `<right>` on `<resource>` and every
 * record that covers the resource, each with why it decided, was outranked or did not count
 * (revoked, expired, used up, lacks the right, bound to another call). Read-only. With `--json`:
 * `{ pid, resource, right, decision, decidedBy, records: [{ record, counts, status, why }] }`.
 * Returns the exit code.
 * @throws INVALID_ID, INVALID_INPUT (bad input); NOT_FOUND (no database or no such process)
 */
export async function runCapabilityExplain(
  context: CliContext,
  options: CapabilityExplainOptions,
): Promise<number> {
  const pid = parseId('process', options.pid);
  const check = parseConcreteResource(options.resource, { right: options.right });
  const runtime = await openReadRuntime(context);
  let records: ExplainedRecord[];
  let decision: Decision;
  try {
    await runtime.get(pid);
    const now = runtime.clock.now();
    const explanation = await runtime.explain(pid, check.resource, check.right);
    const revoked = await revokedCovering(runtime, { pid, resource: check.concrete });
    decision = explanation.decision;
    records = explainRecords(explanation, { right: check.right, now, revoked });
  } finally {
    await runtime.close();
  }
  const decidedBy = decision.record?.id ?? null;
  if (context.json) {
    writeJson(context.io, {
      pid,
      resource: check.resource,
      right: check.right,
      decision: decision.effect,
      decidedBy,
      records,
    });
    return 0;
  }
  const by =
    decidedBy === null ? 'no record in force allows it: denied by default' : `by ${decidedBy}`;
  context.io.stdout(`${decision.effect}: ${pid} ${check.right} ${check.resource} (${by})\n`);
  if (records.length === 0) {
    context.io.stdout('no capability record covers this resource\n');
    return 0;
  }
  const rows = records.map(({ record, counts, why }) => [
    record.id,
    record.effect,
    formatResource(record.resource),
    record.rights.join(','),
    counts ? 'yes' : 'no',
    why,
  ]);
  context.io.stdout(
    `\n${formatTable(['RECORD', 'EFFECT', 'RESOURCE', 'RIGHTS', 'COUNTS', 'WHY'], rows)}`,
  );
  return 0;
}

/**
 * The revoked records of `pid` that cover `resource`. The runtime's explanation holds only records
 * in the index of live ones, so these are looked up separately (a scan of one process's records,
 * fine for an operator's question, never on the syscall path).
 */
async function revokedCovering(
  runtime: Runtime,
  query: { pid: Pid; resource: ConcreteResource },
): Promise<Capability[]> {
  const all = await collectPages(
    (afterId: CapabilityId | undefined, limit) =>
      runtime.capabilities({
        subject: query.pid,
        includeRevoked: true,
        limit,
        ...(afterId === undefined ? {} : { afterId }),
      }),
    (record) => record.id,
    { pageSize: 500 },
  );
  return all.filter(
    (r) => r.revokedAt !== null && covers(r.resource, query.resource, { effect: r.effect }),
  );
}
