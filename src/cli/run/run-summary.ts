// What a run left behind: the processes it covers, their final states, and who waits on a human.
import type { Pid } from '../../base/ids.js';
import type { HumanRequest } from '../../kernel/approval/types.js';
import { isTerminal, type AgentProcess } from '../../kernel/process/types.js';
import type { Runtime } from '../../runtime/runtime.js';
import { collectPages } from '../../base/collect-pages.js';
import { collectTrees } from './collect-tree.js';
import { readFlaggedCalls, type FlaggedCall } from './read-flagged-calls.js';
import type { RunOutcome } from './run-until-settled.js';

/** Why a run stopped, as the summary states it. */
export type RunVerdict = 'ended' | 'waiting-on-human' | 'max-quanta' | 'idle';

/** The end-of-run report (`--json` prints it as is). */
export interface RunSummary {
  readonly outcome: RunVerdict;
  /** The outcome in words: `all processes ended`, `waiting on a human: 2 pending requests`, … */
  readonly message: string;
  readonly quanta: number;
  /** Requests decided at the terminal during the run. */
  readonly decided: number;
  /** Every process the run covers, in creation order, as stored now (state, result, usage). */
  readonly processes: readonly AgentProcess[];
  /** Pending human requests of those processes. */
  readonly pending: readonly HumanRequest[];
  /** Every call of those processes since the run started that was denied, failed or blocked. */
  readonly flagged: readonly FlaggedCall[];
}

const PAGE = 200;

/**
 * Reads the subtrees of `roots` after a run and states the outcome: the quantum limit, every
 * process ended, some waiting on a human, or idle with processes waiting on something else
 * (a message, a paused process). Lists the calls of those processes journaled after `afterSeq`
 * (the journal's last seq before the run) that were denied, failed or blocked.
 */
export async function summarizeRun(
  runtime: Pick<Runtime, 'list' | 'store' | 'requests' | 'journal'>,
  input: { roots: readonly Pid[]; outcome: RunOutcome; afterSeq: number },
): Promise<RunSummary> {
  const processes = await collectTrees(runtime, input.roots);
  const covered = new Set<string>(processes.map((p) => p.pid));
  const pending = (
    await collectPages(
      (afterId: HumanRequest['id'] | undefined, limit) =>
        runtime.requests({
          states: ['pending'],
          limit,
          ...(afterId === undefined ? {} : { afterId }),
        }),
      (request) => request.id,
      { pageSize: PAGE },
    )
  ).filter((request) => covered.has(request.pid));
  const flagged = await readFlaggedCalls(runtime, { pids: covered, afterSeq: input.afterSeq });
  const { quanta, decided } = input.outcome;
  const base = { quanta, decided, processes, pending, flagged };
  if (input.outcome.stoppedBy === 'max-quanta') {
    return {
      ...base,
      outcome: 'max-quanta',
      message: `stopped after ${quanta} quanta (--max-quanta); run agent-libos resume to go on`,
    };
  }
  const live = processes.filter((p) => !isTerminal(p.state));
  if (live.length === 0) return { ...base, outcome: 'ended', message: 'all processes ended' };
  if (pending.length > 0) {
    const plural = pending.length === 1 ? 'request' : 'requests';
    return {
      ...base,
      outcome: 'waiting-on-human',
      message: `waiting on a human: ${pending.length} pending ${plural}`,
    };
  }
  const states = [...new Set(live.map((p) => p.state.kind))].join(', ');
  return {
    ...base,
    outcome: 'idle',
    message: `idle: ${live.length} process${live.length === 1 ? '' : 'es'} still live (${states}) and nothing runnable`,
  };
}
