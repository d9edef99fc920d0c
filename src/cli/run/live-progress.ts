// What `run` and `resume` show a person at a terminal: progress lines, colour, a spinner while waiting.
import type { AgentEvent } from '../../runtime/agent/agent-options.js';
import type { LiveChannel } from '../../runtime/live-channel.js';
import type { Runtime } from '../../runtime/runtime.js';
import type { CliContext } from '../cli-context.js';
import { createTextStyle, isNoColor } from '../format/text-style.js';
import { createProgressPrinter } from './progress-printer.js';
import { createSpinner, type Spinner } from './spinner.js';

/** The runtime calls `runUntilSettled` makes. */
type Runner = Pick<Runtime, 'run' | 'requests' | 'decide'>;

/** Live progress for one command. */
export interface LiveProgress {
  /** The agent loop's event handler (progress lines). */
  readonly onEvent: (event: AgentEvent) => void;
  /**
   * Shows the model's text as it streams, from the runtime's live channel, until the returned
   * function is called: on a TTY only (subscribing makes the runtime stream, which a log or a
   * pipe has no use for); elsewhere it subscribes to nothing.
   */
  follow(live: LiveChannel): () => void;
  /** `runtime` with the spinner shown while its `run` is in progress (never while prompting). */
  watch(runtime: Runner): Runner;
}

/**
 * Live progress when the command runs at a terminal without `--json`, else null. Colour and the
 * spinner need the terminal's output to be a TTY and `NO_COLOR` unset; otherwise the lines are
 * plain and there is no spinner, so pipes and logs get no escape codes. Streamed model text is
 * shown on a TTY (see `follow`).
 */
export function createLiveProgress(
  context: CliContext,
  options: { names: ReadonlyMap<string, string> },
): LiveProgress | null {
  const { terminal } = context;
  if (terminal === null || context.json) return null;
  const output = terminal.output as { isTTY?: unknown };
  const isTty = output.isTTY === true;
  const style = createTextStyle({ isTty, env: context.env });
  const spinner: Spinner | undefined =
    isTty && !isNoColor(context.env) ? createSpinner(terminal.output) : undefined;
  const printer = createProgressPrinter(context.io, {
    names: options.names,
    style,
    ...(spinner === undefined ? {} : { spinner }),
  });
  return {
    onEvent: printer,
    follow: (live) => (isTty ? live.subscribe(printer) : () => undefined),
    watch: (runtime) =>
      spinner === undefined
        ? runtime
        : {
            requests: (query) => runtime.requests(query),
            decide: (id, answer) => runtime.decide(id, answer),
            run: async (runOptions) => {
              spinner.start('working');
              try {
                return await runtime.run(runOptions);
              } finally {
                spinner.clear();
              }
            },
          },
  };
}
