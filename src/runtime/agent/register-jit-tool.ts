// Registering a JIT tool: the caller's proposal, checked again, pinned by version into its tool table.
import type { Json } from '../../base/canonical-json.js';
import { decodeUtf8 } from '../../base/decode-utf8.js';
import { LibosError } from '../../base/errors.js';
import { sha256Hex } from '../../base/hash.js';
import {
  checkProposal,
  JIT_TABLE_SETTING,
  MAX_JIT_TOOLS,
  parseJitTable,
  proposalObjectName,
  type JitToolEntry,
} from '../../kernel/agent/jit-tool.js';
import { privateNamespace } from '../../kernel/object/types.js';
import type { ObjectOps } from '../../ports/object-ops.js';
import { BUILTIN_TOOLS } from '../../tools/tool-table.js';
import type { LeaseRef } from '../commands/block.js';
import { runCommand } from '../commands/command-scope.js';
import { oncePerCall } from '../commands/once-per-call.js';
import type { RuntimeDeps } from '../deps.js';

const ATTEMPTED = 'Registering a tool';

/**
 * Adds (or replaces) `name` in the caller's JIT tool table from its latest proposal
 * (`tool-proposal.<name>` in its private namespace), checked again here: the proposal is an
 * object the process may have written by hand. The entry pins the proposal's version, so later
 * writes to the object never change a registered tool. Journals `tool.registered` with the
 * source's sha256; made once per call.
 * @throws NOT_FOUND (no proposal), INVALID_INPUT (a bad proposal, a built-in name),
 *   OUT_OF_RANGE (the table is full), STALE_LEASE
 */
export async function registerJitTool(
  deps: RuntimeDeps,
  lease: LeaseRef,
  input: { name: string; objects: ObjectOps; call?: string },
): Promise<JitToolEntry> {
  const namespace = privateNamespace(lease.pid);
  const objectName = proposalObjectName(input.name);
  const read = await input.objects.read({ namespace, name: objectName }, { version: null });
  let value: unknown;
  try {
    value = JSON.parse(decodeUtf8(read.bytes) ?? '') as unknown;
  } catch {
    throw new LibosError('INVALID_INPUT', `${ATTEMPTED} failed: the proposal is not JSON`);
  }
  const checked = checkProposal(value, new Set(BUILTIN_TOOLS.keys()));
  if (!checked.ok) throw new LibosError('INVALID_INPUT', `${ATTEMPTED} failed: ${checked.reason}`);
  const { proposal } = checked;
  if (proposal.name !== input.name)
    throw new LibosError('INVALID_INPUT', `${ATTEMPTED} failed: the proposal names another tool`);
  const entry: JitToolEntry = {
    name: proposal.name,
    description: proposal.description,
    argsSchema: proposal.argsSchema,
    source: {
      objectId: read.object.id,
      namespace,
      objectName,
      version: read.version.version,
      sha256: sha256Hex(proposal.source),
    },
  };
  return runCommand(deps, { actor: lease.pid }, async (scope) => {
    await scope.tx.assertLease(lease.pid, lease.fence);
    const { value: stored } = await oncePerCall(
      scope,
      { pid: lease.pid, key: input.call },
      async () => {
        const table = parseJitTable(await scope.tx.getSetting(lease.pid, JIT_TABLE_SETTING));
        if (!Object.hasOwn(table, entry.name) && Object.keys(table).length >= MAX_JIT_TOOLS)
          throw new LibosError(
            'OUT_OF_RANGE',
            `${ATTEMPTED} failed: a process may register at most ${String(MAX_JIT_TOOLS)} tools`,
          );
        const next = { ...table, [entry.name]: entry };
        await scope.tx.putSetting(lease.pid, JIT_TABLE_SETTING, next as unknown as Json);
        scope.journal('tool.registered', lease.pid, {
          name: entry.name,
          objectId: entry.source.objectId,
          version: entry.source.version,
          sourceSha256: entry.source.sha256,
        });
        return entry as unknown as Json;
      },
    );
    return stored as unknown as JitToolEntry;
  });
}
