// The label a resource carries under the operator's rules, the defaults, or its kind's default.
import { sensitivityRank } from '../object/sensitivity.js';
import type { Sensitivity } from '../object/types.js';
import { DEFAULT_LABEL_RULES, type ExceedAction, type LabelRule } from './label-rule.js';
import { globSpecificity, matchLabelGlob } from './match-label-pattern.js';

/** Sensitivity of what is read from a resource no rule matches, and clearance of such an exit. */
export const UNLABELLED: Sensitivity = 'internal';

/** The label a resource resolved to, and the rule it came from (null: the kind's default). */
export interface ResolvedLabel {
  readonly sensitivity: Sensitivity;
  readonly onExceed: ExceedAction;
  readonly rule: string | null;
}

/**
 * The label of `resource` (canonical `kind:path`). The operator's rules win over the defaults:
 * among matching operator rules the most specific applies (ties: the most sensitive); among the
 * defaults, the most sensitive. Null when nothing matches.
 */
export function labelOf(
  resource: string,
  rules: { readonly operator: readonly LabelRule[]; readonly defaults?: readonly LabelRule[] },
): ResolvedLabel | null {
  const operator = bestOf(resource, rules.operator, 'specific');
  if (operator !== null) return operator;
  return bestOf(resource, rules.defaults ?? DEFAULT_LABEL_RULES, 'sensitive');
}

function bestOf(
  resource: string,
  rules: readonly LabelRule[],
  prefer: 'specific' | 'sensitive',
): ResolvedLabel | null {
  const colon = resource.indexOf(':');
  if (colon <= 0) return null;
  const kind = resource.slice(0, colon);
  const path = resource.slice(colon + 1);
  let best: LabelRule | null = null;
  for (const rule of rules) {
    if (!rule.pattern.startsWith(`${kind}:`)) continue;
    if (!matchLabelGlob(rule.pattern.slice(kind.length + 1), path)) continue;
    if (best === null || better(rule, best, prefer)) best = rule;
  }
  return best === null
    ? null
    : { sensitivity: best.sensitivity, onExceed: best.onExceed, rule: best.pattern };
}

function better(a: LabelRule, b: LabelRule, prefer: 'specific' | 'sensitive'): boolean {
  if (prefer === 'specific') {
    const sa = globSpecificity(a.pattern);
    const sb = globSpecificity(b.pattern);
    if (sa !== sb) return sa > sb;
  }
  return sensitivityRank(a.sensitivity) > sensitivityRank(b.sensitivity);
}
