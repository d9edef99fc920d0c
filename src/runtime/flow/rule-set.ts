// The label rules in force: the operator's stored rules over the built-in defaults.
import type { RuleSet } from '../../kernel/flow/join-taint.js';
import type { FlowReader } from '../../ports/flow-store.js';

/** Reads the operator's rules (a small table) as the rule set labels and clearances come from. */
export async function loadRuleSet(reader: FlowReader): Promise<RuleSet> {
  return { operator: await reader.listLabelRules() };
}
