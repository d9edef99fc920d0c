// Turns Ctrl-C (SIGINT) and SIGTERM into the CLI's stop signal: the first stops, the second exits.
import { LibosError } from '../base/errors.js';

/** What the CLI's entry listens to; the real `process` in production. */
export type SignalSource = Pick<NodeJS.Process, 'on' | 'off' | 'exit'>;

/** A stop signal fed by the process's SIGINT and SIGTERM; dispose to stop listening. */
export interface StopSignals extends Disposable {
  /** Fires on the first SIGINT or SIGTERM. */
  readonly signal: AbortSignal;
}

/** The exit code of a second Ctrl-C: the shell's code for a process ended by SIGINT. */
const EXIT_AT_ONCE = 130;

const STOP_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/**
 * Listens for SIGINT and SIGTERM on `source`. The first aborts `signal` (with CANCELLED), so
 * `run` and `resume` stop their quanta, close the runtime and say how to go on; a second one
 * exits at once with 130, leaving what was in flight to the recovery of the next open (expired
 * leases, effects of unknown outcome). Only the entry point calls this, so `main` stays free of
 * process-wide handlers and tests pass their own signal.
 * @example
 * using stop = listenForStopSignals(process);
 * process.exitCode = await main(process.argv, { signal: stop.signal });
 */
export function listenForStopSignals(source: SignalSource): StopSignals {
  const controller = new AbortController();
  const onSignal = (name: NodeJS.Signals): void => {
    if (controller.signal.aborted) {
      source.exit(EXIT_AT_ONCE);
      return;
    }
    controller.abort(new LibosError('CANCELLED', `The command was stopped: ${name}`));
  };
  for (const name of STOP_SIGNALS) source.on(name, onSignal);
  return {
    signal: controller.signal,
    [Symbol.dispose]() {
      for (const name of STOP_SIGNALS) source.off(name, onSignal);
    },
  };
}
