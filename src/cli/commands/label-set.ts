// `agent-libos labels set|rm`: sets or removes an operator label rule.
import type { CliContext } from '../cli-context.js';
import { printable } from '../format/printable.js';
import { writeJson } from '../format/write-json.js';
import { openWriteRuntime } from '../open-write-runtime.js';

/**
 * Sets the rule `pattern` → `sensitivity` (replacing one with the same pattern); prints `set
 * <pattern> <sensitivity> (<onExceed>)`; `--json`: the rule.
 * @throws INVALID_INPUT (pattern, sensitivity), STORE_LOCKED
 */
export async function runLabelSet(
  context: CliContext,
  options: { pattern: string; sensitivity: string; onExceed: 'ask' | 'deny' },
): Promise<number> {
  const runtime = await openWriteRuntime(context, { attempted: 'Setting a label rule' });
  try {
    const rule = await runtime.flow.setRule(options);
    if (context.json) writeJson(context.io, rule);
    else
      context.io.stdout(
        `set ${printable(rule.pattern)} ${rule.sensitivity} (${rule.onExceed} above it)\n`,
      );
    return 0;
  } finally {
    await runtime.close();
  }
}

/**
 * Removes the rule `pattern`; prints `removed <pattern>`; `--json`: `{ pattern }`.
 * @throws NOT_FOUND (no such rule), STORE_LOCKED
 */
export async function runLabelRemove(
  context: CliContext,
  options: { pattern: string },
): Promise<number> {
  const runtime = await openWriteRuntime(context, { attempted: 'Removing a label rule' });
  try {
    await runtime.flow.removeRule(options.pattern);
    if (context.json) writeJson(context.io, { pattern: options.pattern });
    else context.io.stdout(`removed ${printable(options.pattern)}\n`);
    return 0;
  } finally {
    await runtime.close();
  }
}
