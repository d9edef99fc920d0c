// Live progress of a run on a terminal: which process runs, what its model writes, its tool calls and where it waits.
import type { AgentEvent } from '../../runtime/agent/agent-options.js';
import type { ModelDeltaEvent } from '../../runtime/live-channel.js';
import type { CliIo } from '../cli-io.js';
import { printable } from '../format/printable.js';
import { shortPid } from '../format/short-pid.js';
import { plainStyle, type TextStyle } from '../format/text-style.js';
import type { Spinner } from './spinner.js';

/** What the printer shows: the agent loop's events and the live deltas of model answers. */
export type ProgressEvent = AgentEvent | ModelDeltaEvent;

/**
 * An `onEvent` for the agent loop that prints one line per model call, tool call and retry:
 * `proc_…a1b2c3  read_file: done`, `… read_file: denied NOT_PERMITTED`, `… read_file: failed
 * NOT_FOUND`, `… write_file: blocked (waiting)`. Processes are named by `names` when known there
 * (filled by the caller), else by a shortened pid; names and tool names are printed escaped.
 * `style` colours outcomes (plain by default); a `spinner` is cleared before each line and shows
 * what the run waits on after it (`asks <model>`, else `working`). A `model.delta` writes the
 * model's text as it streams, on lines of its own (`reader  │ Reading the file…`, escaped like
 * every text a process wrote), closed when the call ends or another line must be printed; the
 * spinner stays off while such a line is open.
 */
export function createProgressPrinter(
  io: CliIo,
  options: { names: ReadonlyMap<string, string>; style?: TextStyle; spinner?: Spinner },
): (event: ProgressEvent) => void {
  const style = options.style ?? plainStyle;
  const who = (pid: string): string =>
    style('cyan', printable(options.names.get(pid) ?? shortPid(pid)));
  /** The process whose streamed text is on the current, unfinished line. */
  let open: string | null = null;
  const closeLine = (): void => {
    if (open === null) return;
    io.stdout('\n');
    open = null;
  };
  const print = (line: string, waitingOn: string): void => {
    closeLine();
    options.spinner?.clear();
    io.stdout(`  ${line}\n`);
    options.spinner?.start(waitingOn);
  };
  const stream = (event: ModelDeltaEvent): void => {
    const lead = `  ${who(event.pid)}  ${style('dim', '│')} `;
    if (event.text !== '') {
      if (open !== event.pid) {
        closeLine();
        options.spinner?.clear();
        io.stdout(lead);
        open = event.pid;
      }
      io.stdout(
        event.text
          .split('\n')
          .map((part) => printable(part, { lines: 'keep' }))
          .join(`\n${lead}`),
      );
    }
    if (event.end !== null && open === event.pid) {
      closeLine();
      options.spinner?.start('working');
    }
  };
  return (event) => {
    switch (event.type) {
      case 'model.delta':
        stream(event);
        return;
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
