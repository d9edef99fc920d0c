// The operator's side of information flow: label rules (list, set, remove) and taints (show, clear).
import { LibosError } from '../../base/errors.js';
import { parseId } from '../../base/ids.js';
import {
  DEFAULT_LABEL_RULES,
  EXCEED_ACTIONS,
  isSensitivity,
  parseLabelPattern,
  type ExceedAction,
  type LabelRule,
  type StoredLabelRule,
} from '../../kernel/flow/label-rule.js';
import { EMPTY_TAINT, type Taint } from '../../kernel/flow/taint.js';
import { runCommand, type CommandScope } from '../commands/command-scope.js';
import type { RuntimeDeps } from '../deps.js';

/** A rule as the operator gives it (text from a CLI, a request body, runtime options). */
export interface LabelRuleInput {
  readonly pattern: string;
  readonly sensitivity: string;
  /** Default `ask`. */
  readonly onExceed?: string | undefined;
}

/**
 * Checks a rule given as text.
 * @throws INVALID_INPUT (malformed pattern, unknown sensitivity or action)
 */
export function parseLabelRule(input: LabelRuleInput, attempted: string): LabelRule {
  const pattern = parseLabelPattern(input.pattern);
  if (!pattern.ok)
    throw new LibosError('INVALID_INPUT', `${attempted} failed: ${pattern.reason}`, {
      details: { field: 'pattern' },
    });
  if (!isSensitivity(input.sensitivity))
    throw new LibosError(
      'INVALID_INPUT',
      `${attempted} failed: sensitivity must be public, internal, confidential or secret`,
      { details: { field: 'sensitivity' } },
    );
  const onExceed = input.onExceed ?? 'ask';
  if (!(EXCEED_ACTIONS as readonly string[]).includes(onExceed))
    throw new LibosError('INVALID_INPUT', `${attempted} failed: onExceed must be ask or deny`, {
      details: { field: 'onExceed' },
    });
  return {
    pattern: input.pattern,
    sensitivity: input.sensitivity,
    onExceed: onExceed as ExceedAction,
  };
}

/** Stores `rule` (replacing one with the same pattern) and journals it, in `scope`. */
export async function putRuleInScope(scope: CommandScope, rule: LabelRule): Promise<void> {
  await scope.tx.putLabelRule({ ...rule, createdAt: scope.now });
  scope.journal('label.set', null, { ...rule });
}

/** A process's taint as the operator sees it (never content: levels, origins, source names). */
export interface TaintView extends Taint {
  readonly pid: string;
}

/** Label rules and taints, as the operator. */
export class OperatorFlow {
  readonly #deps: RuntimeDeps;

  constructor(deps: RuntimeDeps) {
    this.#deps = deps;
  }

  /** The operator's stored rules, by pattern. */
  async rules(): Promise<StoredLabelRule[]> {
    return this.#deps.store.read((r) => r.listLabelRules());
  }

  /** The built-in rules that apply where no operator rule matches. */
  defaults(): readonly LabelRule[] {
    return DEFAULT_LABEL_RULES;
  }

  /**
   * Sets a rule (replacing one with the same pattern); journaled `label.set`.
   * @throws INVALID_INPUT
   */
  async setRule(input: LabelRuleInput): Promise<LabelRule> {
    const rule = parseLabelRule(input, 'Setting a label rule');
    await runCommand(this.#deps, { actor: 'operator' }, (scope) => putRuleInScope(scope, rule));
    return rule;
  }

  /**
   * Removes the rule with `pattern`; journaled `label.removed`.
   * @throws NOT_FOUND when there is none
   */
  async removeRule(pattern: string): Promise<void> {
    await runCommand(this.#deps, { actor: 'operator' }, async (scope) => {
      if (!(await scope.tx.deleteLabelRule(pattern)))
        throw new LibosError('NOT_FOUND', `Removing a label rule failed: no rule ${pattern}`, {
          details: { pattern },
        });
      scope.journal('label.removed', null, { pattern });
    });
  }

  /**
   * The taint of `pid` (the empty taint when it received nothing labelled).
   * @throws INVALID_ID, NOT_FOUND (no such process)
   */
  async taint(pid: string): Promise<TaintView> {
    const id = parseId('process', pid);
    return this.#deps.store.read(async (r) => {
      if ((await r.getProcess(id)) === undefined)
        throw new LibosError('NOT_FOUND', `Reading a taint failed: no process ${id}`, {
          details: { pid: id },
        });
      return { pid: id, ...((await r.getTaint(id)) ?? EMPTY_TAINT) };
    });
  }

  /**
   * Clears `pid`'s taint: the operator vouches that what it holds may go out again. Journaled
   * `flow.cleared` with what was cleared (levels and source names). Returns what it was.
   * @throws INVALID_ID, NOT_FOUND (no such process)
   */
  async clear(pid: string): Promise<TaintView> {
    const id = parseId('process', pid);
    return runCommand(this.#deps, { actor: 'operator' }, async (scope) => {
      await scope.load(id, 'Clearing a taint');
      const before = (await scope.tx.getTaint(id)) ?? EMPTY_TAINT;
      if (await scope.tx.deleteTaint(id))
        scope.journal('flow.cleared', id, {
          sensitivity: before.sensitivity,
          origins: [...before.origins],
          sources: before.sources.map((s) => s.source),
        });
      return { pid: id, ...before };
    });
  }
}
