// `agent-libos caps revoke`: revokes a capability record and everything delegated from it.
import { parseId } from '../../base/ids.js';
import type { CliContext } from '../cli-context.js';
import { writeJson } from '../format/write-json.js';
import { openOperator } from '../live/open-operator.js';

/** `caps revoke` arguments as commander parsed them. */
export interface CapabilityRevokeOptions {
  readonly id: string;
}

/**
 * Revokes record `<id>` and, transitively, every record delegated from it; prints how many
 * records the cascade revoked (`{ id, revoked }` with `--json`). Returns the exit code.
 * @throws INVALID_ID; NOT_FOUND (no database or no such record); STORE_LOCKED (a runtime is running)
 */
export async function runCapabilityRevoke(
  context: CliContext,
  options: CapabilityRevokeOptions,
): Promise<number> {
  const id = parseId('capability', options.id);
  const operator = await openOperator(context, { attempted: 'Revoking a capability' });
  let revoked: number;
  try {
    revoked = await operator.calls.revoke(id);
  } finally {
    await operator.close();
  }
  if (context.json) writeJson(context.io, { id, revoked });
  else if (revoked === 0)
    context.io.stdout(`revoked 0 records: ${id} and its delegations were already revoked\n`);
  else {
    const delegated = revoked - 1;
    context.io.stdout(
      `revoked ${revoked} record${revoked === 1 ? '' : 's'}: ${id}${delegated > 0 ? ` and ${delegated} delegated from it` : ''}\n`,
    );
  }
  return 0;
}
