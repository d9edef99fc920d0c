// Live progress of a run on a terminal: which process runs, its tool calls and where it waits.
import type { AgentEvent } from '../../runtime/agent/agent-options.js';
import type { CliIo } from '../cli-io.js';
import { printable } from '../format/printable.js';
import { shortPid } from '../format/short-pid.js';
import { plainStyle, type TextStyle } from '../format/text-style.js';
import type { Spinner } from './spinner.js';

/**
 * An `onEvent` for the agent loop that prints one line per model call, tool call and retry:
 * `proc_…a1b2c3  read_file: done`, `… read_file: denied NOT_PERMITTED`, `… read_file: failed
 * NOT_FOUND`, `… write_file: blocked (waiting)`. Processes are named by `names` when known there
 * (filled by the caller), else by a shortened pid; names and tool names are printed escaped.
 * `style` colours outcomes (plain by default); a `spinner` is cleared before each line and shows
 * what the run waits on after it (`asks <model>`, else `working`).
 */
export function createProgressPrinter(
  io: CliIo,
  options: { names: ReadonlyMap<string, string>; style?: TextStyle; spinner?: Spinner },
): (event: AgentEvent) => void {
  const style = options.style ?? plainStyle;
  const who = (pid: string): string =>
    style('cyan', printable(options.names.get(pid) ?? shortPid(pid)));
  const print = (line: string, waitingOn: string): void => {
    options.spinner?.clear();
    io.stdout(`  ${line}\n`);
    options.spinner?.start(waitingOn);
  };
  return (event) => {
    switch (event.type) {
      case 'model-call':
        print(
          `${who(event.pid)}  asks ${printable(event.model)}`,
          `${printable(options.names.get(event.pid) ?? shortPid(event.pid))} asks ${printable(event.model)}`,
        );
        return;
      case 'tool-call':
        print(
          `${who(event.pid)}  ${printable(event.tool)}: ${describeOutcome(event, style)}`,
          'working',
        );
        return;
      case 'retry':
        print(
          `${who(event.pid)}  ${style('yellow', `model ${event.code}, retrying in ${Math.round(event.delayMs)} ms`)}`,
          'waiting to retry',
        );
        return;
    }
  };
}

/** `done`, `denied CODE`, `failed CODE` or `blocked (waiting)`: a refusal never reads as done. */
function describeOutcome(
  event: Extract<AgentEvent, { type: 'tool-call' }>,
  style: TextStyle,
): string {
  switch (event.outcome) {
    case 'ok':
      return style('green', 'done');
    case 'denied':
    case 'failed':
      return style('red', `${event.outcome} ${event.code ?? 'INTERNAL'}`);
    case 'blocked':
      return style('yellow', 'blocked (waiting)');
  }
}
