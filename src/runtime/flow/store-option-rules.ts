// Storing the label rules a runtime was opened with, so every node and command reads one set.
import { canonicalJson } from '../../base/canonical-json.js';
import { runCommand } from '../commands/command-scope.js';
import type { RuntimeDeps } from '../deps.js';
import { parseLabelRule, putRuleInScope, type LabelRuleInput } from './operator-flow.js';

/**
 * Stores `inputs` as operator rules in one transaction (all or none), writing only those that
 * differ from what is stored, so reopening with the same options journals nothing.
 * @throws INVALID_INPUT (a malformed rule; nothing is stored)
 */
export async function storeOptionRules(
  deps: RuntimeDeps,
  inputs: readonly LabelRuleInput[],
): Promise<void> {
  const rules = inputs.map((input) =>
    parseLabelRule(input, 'Opening the runtime with a label rule'),
  );
  await runCommand(deps, { actor: 'operator' }, async (scope) => {
    const stored = new Map((await scope.tx.listLabelRules()).map((r) => [r.pattern, r]));
    for (const rule of rules) {
      const known = stored.get(rule.pattern);
      const same =
        known !== undefined &&
        canonicalJson({ s: known.sensitivity, a: known.onExceed }) ===
          canonicalJson({ s: rule.sensitivity, a: rule.onExceed });
      if (!same) await putRuleInScope(scope, rule);
    }
  });
}
