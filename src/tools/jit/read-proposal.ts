// Reads the caller's stored proposal for a JIT tool through object.read, and checks it.
import { LibosError } from '../../base/errors.js';
import {
  checkProposal,
  proposalObjectName,
  type JitProposal,
} from '../../kernel/agent/jit-tool.js';
import type { ToolContext } from '../define-tool.js';

/**
 * The caller's latest proposal for `name` (`tool-proposal.<name>` in its private namespace), read
 * with its own authority (`object.read`, call part `part`), or blocked when that read waits.
 * @throws NOT_FOUND (never proposed), INVALID_INPUT (the object holds no valid proposal), NOT_PERMITTED
 */
export async function readProposal(
  ctx: ToolContext,
  name: string,
  options: { part: string },
): Promise<{ blocked: true } | { blocked: false; proposal: JitProposal }> {
  const read = await ctx.syscall(
    'object.read',
    { name: proposalObjectName(name) },
    { part: options.part },
  );
  if (read.blocked) return read;
  let value: unknown;
  try {
    value = JSON.parse((read.value as { content: string }).content) as unknown;
  } catch {
    throw new LibosError('INVALID_INPUT', `Reading the proposal of ${name} failed: it is not JSON`);
  }
  // Built-in names are refused when registering; testing any proposal is harmless.
  const checked = checkProposal(value, new Set());
  if (!checked.ok)
    throw new LibosError(
      'INVALID_INPUT',
      `Reading the proposal of ${name} failed: ${checked.reason}`,
    );
  return { blocked: false, proposal: checked.proposal };
}
