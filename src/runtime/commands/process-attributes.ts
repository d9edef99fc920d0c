// Changing what a running process is: exec a new image, change directory, charge usage.
import { LibosError } from '../../base/errors.js';
import { sha256Hex } from '../../base/hash.js';
import { addUsage, exceededDimension, type UsageDelta } from '../../kernel/budget/exceeded.js';
import { resolveCwd } from '../../kernel/process/resolve-cwd.js';
import type { RuntimeDeps } from '../deps.js';
import { leased, type LeaseRef } from './block.js';
import { applyBudgetPolicy } from './claim.js';
import { runCommand, type CommandScope } from './command-scope.js';
import { oncePerCall } from './once-per-call.js';
import type { AgentProcess } from '../../kernel/process/types.js';
import { loadAncestors } from './lineage.js';
import { grantImageSkills } from '../skills/grant-image-skills.js';

/** Replaces the image (and optionally the goal) of the calling process; the pid stays. */
export function execProcess(
  deps: RuntimeDeps,
  lease: LeaseRef,
  input: { imageId: string; goal?: string; call?: string },
): Promise<void> {
  return runCommand(deps, { actor: lease.pid }, async (scope) => {
    const process = await leased(scope, lease, 'Executing an image');
    await oncePerCall(scope, { pid: lease.pid, key: input.call }, async () => {
      const goal = input.goal ?? process.goal;
      await scope.write({ ...process, imageId: input.imageId, goal });
      scope.journal('process.execed', lease.pid, {
        from: process.imageId,
        imageId: input.imageId,
        goalSha256: sha256Hex(goal),
      });
      await grantImageSkills(scope, deps, { pid: lease.pid, imageRef: input.imageId });
      return null;
    });
  });
}

/**
 * Changes the calling process's working directory; returns the new workspace-relative cwd.
 * @throws INVALID_INPUT when the path is absolute or leaves the workspace.
 */
export function changeDirectory(
  deps: RuntimeDeps,
  lease: LeaseRef,
  input: { path: string; call?: string },
): Promise<string> {
  return runCommand(deps, { actor: lease.pid }, async (scope) => {
    const process = await leased(scope, lease, 'Changing directory');
    const { value } = await oncePerCall(scope, { pid: lease.pid, key: input.call }, () =>
      change(scope, { process, path: input.path }),
    );
    return value;
  });
}

async function change(
  scope: CommandScope,
  input: { process: AgentProcess; path: string },
): Promise<string> {
  const { process } = input;
  const cwd = resolveCwd(process.cwd, input.path);
  if (cwd === null) {
    throw new LibosError(
      'INVALID_INPUT',
      'Changing directory failed: the path must be relative and stay inside the workspace',
    );
  }
  await scope.write({ ...process, cwd });
  scope.journal('process.cwd-changed', process.pid, { cwd });
  return cwd;
}

/**
 * Charges tool calls or model tokens to the calling process and every ancestor.
 * @throws BUDGET_EXCEEDED after applying the budget policy when any of them would go over.
 */
export async function chargeUsage(
  deps: RuntimeDeps,
  lease: LeaseRef,
  delta: UsageDelta,
  options: { once?: string } = {},
): Promise<void> {
  const over = await runCommand(deps, { actor: 'runtime' }, async (scope) => {
    const process = await leased(scope, lease, 'Charging usage');
    // A charge keyed `once` (a tool call id) is made at most once, however often it is re-issued.
    if (
      options.once !== undefined &&
      (await scope.tx.getSetting(lease.pid, 'chargedCall')) === options.once
    ) {
      return null;
    }
    const lineage = [process, ...(await loadAncestors(scope.tx, process))];
    for (const holder of lineage) {
      const dim = exceededDimension(holder.budget, holder.usage, {
        delta,
        elapsedMs: scope.now - holder.createdAt,
      });
      if (dim !== null) {
        await applyBudgetPolicy(scope, process, { dimension: dim, holder: holder.pid });
        return dim;
      }
    }
    for (const holder of lineage)
      await scope.write({ ...holder, usage: addUsage(holder.usage, delta) });
    if (options.once !== undefined)
      await scope.tx.putSetting(lease.pid, 'chargedCall', options.once);
    return null;
  });
  if (over !== null) {
    throw new LibosError(
      'BUDGET_EXCEEDED',
      `Charging usage failed: the ${over} budget is used up`,
      { details: { dimension: over } },
    );
  }
}
