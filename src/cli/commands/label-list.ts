// `agent-libos labels list`: the operator's label rules, then the built-in defaults, read-only.
import type { CliContext } from '../cli-context.js';
import { formatTable } from '../format/format-table.js';
import { printable } from '../format/printable.js';
import { writeJson } from '../format/write-json.js';
import { openReadRuntime } from '../open-read-runtime.js';

/**
 * Prints the operator's rules (pattern, sensitivity, on exceed) and the defaults that apply where
 * none matches. `--json`: `{ rules, defaults }`. Takes no writer lock.
 * @throws NOT_FOUND when there is no database; STORE_CORRUPT
 */
export async function runLabelList(context: CliContext): Promise<number> {
  const runtime = await openReadRuntime(context);
  try {
    const rules = await runtime.flow.rules();
    const defaults = runtime.flow.defaults();
    if (context.json) {
      writeJson(context.io, { rules, defaults });
      return 0;
    }
    const rows = [
      ...rules.map((r) => [printable(r.pattern), r.sensitivity, r.onExceed, 'operator']),
      ...defaults.map((r) => [printable(r.pattern), r.sensitivity, r.onExceed, 'default']),
    ];
    context.io.stdout(formatTable(['PATTERN', 'SENSITIVITY', 'ON EXCEED', 'SET BY'], rows));
    return 0;
  } finally {
    await runtime.close();
  }
}
