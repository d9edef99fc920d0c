// Live progress of a run on a terminal: which process runs, its tool calls and where it waits.
import type { AgentEvent } from '../../runtime/agent/agent-options.js';
import type { CliIo } from '../cli-io.js';
import { printable } from '../format/printable.js';
import { shortPid } from '../format/short-pid.js';

/**
 * An `onEvent` for the agent loop that prints one line per model call, tool call and retry:
 * `proc_…a1b2c3  read_file: done`, `… read_file: denied NOT_PERMITTED`, `… read_file: failed
 * NOT_FOUND`, `… write_file: blocked (waiting)`. Processes are named by `names` when known there
 * (filled by the caller), else by a shortened pid; names and tool names are printed escaped.
 */
export function createProgressPrinter(
  io: CliIo,
  options: { names: ReadonlyMap<string, string> },
): (event: AgentEvent) => void {
  const who = (pid: string): string => printable(options.names.get(pid) ?? shortPid(pid));
  return (event) => {
    switch (event.type) {
      case 'model-call':
        io.stdout(`  ${who(event.pid)}  asks ${printable(event.model)}\n`);
        return;
      case 'tool-call':
        io.stdout(`  ${who(event.pid)}  ${printable(event.tool)}: ${describeOutcome(event)}\n`);
        return;
      case 'retry':
        io.stdout(
          `  ${who(event.pid)}  model ${event.code}, retrying in ${Math.round(event.delayMs)} ms\n`,
        );
        return;
    }
  };
}

/** `done`, `denied CODE`, `failed CODE` or `blocked (waiting)`: a refusal never reads as done. */
function describeOutcome(event: Extract<AgentEvent, { type: 'tool-call' }>): string {
  switch (event.outcome) {
    case 'ok':
      return 'done';
    case 'denied':
    case 'failed':
      return `${event.outcome} ${event.code ?? 'INTERNAL'}`;
    case 'blocked':
      return 'blocked (waiting)';
  }
}
