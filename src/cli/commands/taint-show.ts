// `agent-libos taint show|clear <pid>`: a process's taint (levels, origins, source names), and clearing it.
import type { TaintView } from '../../runtime/flow/operator-flow.js';
import type { CliContext } from '../cli-context.js';
import { printable } from '../format/printable.js';
import { writeJson } from '../format/write-json.js';
import { openReadRuntime } from '../open-read-runtime.js';
import { openWriteRuntime } from '../open-write-runtime.js';

function describe(view: TaintView): string {
  const sources = view.sources.map((s) => `  ${printable(s.source)} (${s.sensitivity})\n`);
  const more = view.dropped > 0 ? `  … and ${view.dropped} less sensitive\n` : '';
  const origins = view.origins.length === 0 ? 'none' : view.origins.join(', ');
  return `${view.pid}: ${view.sensitivity}, origins ${origins}\n${sources.join('')}${more}`;
}

/**
 * Prints the taint of `pid`: its level, origins and sources (most sensitive first). `--json`:
 * the taint. Takes no writer lock.
 * @throws INVALID_ID, NOT_FOUND
 */
export async function runTaintShow(context: CliContext, options: { pid: string }): Promise<number> {
  const runtime = await openReadRuntime(context);
  try {
    const view = await runtime.flow.taint(options.pid);
    if (context.json) writeJson(context.io, view);
    else context.io.stdout(describe(view));
    return 0;
  } finally {
    await runtime.close();
  }
}

/**
 * Clears the taint of `pid` (journaled `flow.cleared`) and prints what it was. `--json`: the
 * cleared taint.
 * @throws INVALID_ID, NOT_FOUND, STORE_LOCKED
 */
export async function runTaintClear(
  context: CliContext,
  options: { pid: string },
): Promise<number> {
  const runtime = await openWriteRuntime(context, { attempted: 'Clearing a taint' });
  try {
    const view = await runtime.flow.clear(options.pid);
    if (context.json) writeJson(context.io, view);
    else context.io.stdout(`cleared ${describe(view)}`);
    return 0;
  } finally {
    await runtime.close();
  }
}
