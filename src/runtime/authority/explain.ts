// Explaining a decision: which records match a resource and right, and what they decide.
import { LibosError } from '../../base/errors.js';
import { parseId } from '../../base/ids.js';
import { decide, isLive, type Decision } from '../../kernel/capability/decide.js';
import { covers, lookupKeys } from '../../kernel/capability/match.js';
import { normalizePath } from '../../kernel/capability/resource.js';
import { isResourceKind, isRightOf } from '../../kernel/capability/catalog.js';
import type { Capability } from '../../kernel/capability/types.js';
import type { StoreReader } from '../../ports/store.js';

/** A decision with every record that matched the resource and why each counted or not. */
export interface Explanation {
  readonly decision: Decision;
  readonly records: readonly {
    readonly record: Capability;
    readonly live: boolean;
    readonly hasRight: boolean;
  }[];
}

/**
 * Explains what `pid` may do with `right` on the concrete `resource` (`kind:path`).
 * @throws INVALID_ID, INVALID_INPUT
 */
export async function explainDecision(
  reader: StoreReader,
  input: { pid: string; resource: string; right: string; now: number },
): Promise<Explanation> {
  const pid = parseId('process', input.pid);
  const colon = input.resource.indexOf(':');
  const kind = input.resource.slice(0, colon);
  const path = colon > 0 ? normalizePath(input.resource.slice(colon + 1)) : null;
  if (colon <= 0 || !isResourceKind(kind) || path === null) {
    throw new LibosError(
      'INVALID_INPUT',
      `Explaining a decision failed: ${JSON.stringify(input.resource)} is not a concrete kind:path resource`,
    );
  }
  if (!isRightOf(kind, input.right))
    throw new LibosError(
      'INVALID_INPUT',
      `Explaining a decision failed: ${input.right} is not a right of ${kind}`,
    );
  if ((await reader.getProcess(pid)) === undefined) {
    throw new LibosError('NOT_FOUND', `Explaining a decision failed: no process ${pid}`, {
      details: { pid },
    });
  }
  const resource = { kind, path };
  const records = (await reader.findCapabilities(pid, kind, lookupKeys(resource))).filter((r) =>
    covers(r.resource, resource, { effect: r.effect }),
  );
  const decision = decide(records, { resource, right: input.right, callHash: '', now: input.now });
  return {
    decision,
    records: records.map((record) => ({
      record,
      live: isLive(record, input.now),
      hasRight: record.rights.includes(input.right as never),
    })),
  };
}
