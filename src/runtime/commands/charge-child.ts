// A new child's charge to its parent's line: one `children` each, its budget carved from the parent's.
import { LibosError } from '../../base/errors.js';
import { carve, remaining } from '../../kernel/budget/carve.js';
import { addUsage, exceededDimension } from '../../kernel/budget/exceeded.js';
import type { Budget } from '../../kernel/budget/types.js';
import type { AgentProcess } from '../../kernel/process/types.js';
import type { CommandScope } from './command-scope.js';
import { loadAncestors } from './lineage.js';

/**
 * Charges one child to `parent` and each of its ancestors (refused when any has no `children`
 * left) and returns `requested` carved from what the parent has left: a child never gets more
 * than its parent could still spend.
 * @throws BUDGET_EXCEEDED
 */
export async function chargeChild(
  scope: CommandScope,
  parent: AgentProcess,
  input: { readonly requested: Budget; readonly attempted: string },
): Promise<Budget> {
  const lineage = [parent, ...(await loadAncestors(scope.tx, parent))];
  for (const holder of lineage) {
    const dim = exceededDimension(holder.budget, holder.usage, {
      delta: { children: 1 },
      elapsedMs: scope.now - holder.createdAt,
    });
    if (dim !== null) {
      throw new LibosError(
        'BUDGET_EXCEEDED',
        `${input.attempted} failed: the ${dim} budget of ${holder === parent ? 'the parent' : 'an ancestor'} is used up`,
        { details: { dimension: dim } },
      );
    }
  }
  const budget = carve(
    remaining(parent.budget, parent.usage, { elapsedMs: scope.now - parent.createdAt }),
    input.requested,
  );
  for (const holder of lineage)
    await scope.write({ ...holder, usage: addUsage(holder.usage, { children: 1 }) });
  return budget;
}
