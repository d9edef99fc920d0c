// `resume --model`: which live processes get the model, and what each had before.
import type { Pid } from '../../base/ids.js';
import { isTerminal, type AgentProcess } from '../../kernel/process/types.js';
import type { Runtime } from '../../runtime/runtime.js';

/** One process whose remembered model `resume --model` changed. */
export interface ModelChange {
  readonly pid: Pid;
  /** The model it had (null: none of its own; it ran on its parent's or the default). */
  readonly from: string | null;
  readonly to: string;
}

/**
 * Sets `model` on the live processes of `processes` it applies to and returns each change.
 * With `isScoped` (`--pid`: `processes` is that subtree) every live process of it gets the
 * model, its own or not; without (every live process) only those with no model of their own
 * get it, so a process that was given a model keeps it. A process that already has `model` is
 * no change.
 * @throws ILLEGAL_TRANSITION (a process ended meanwhile), as Runtime.setModel
 */
export async function setResumeModel(
  runtime: Pick<Runtime, 'setModel' | 'store'>,
  input: { model: string; processes: readonly AgentProcess[]; isScoped: boolean },
): Promise<ModelChange[]> {
  const changes: ModelChange[] = [];
  for (const process of input.processes) {
    if (isTerminal(process.state)) continue;
    const own = await runtime.store.read((reader) => reader.getSetting(process.pid, 'model'));
    const from = typeof own === 'string' ? own : null;
    if (from === input.model || (from !== null && !input.isScoped)) continue;
    await runtime.setModel(process.pid, input.model);
    changes.push({ pid: process.pid, from, to: input.model });
  }
  return changes;
}
