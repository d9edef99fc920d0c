// The CLI's entry: runs `main` on this process's arguments, stopping on Ctrl-C and SIGTERM.
// bin/agent-libos.js loads the compiled copy; from source: `node --import tsx src/cli/run.ts …`.
import { listenForStopSignals } from './listen-for-stop-signals.js';
import { main } from './main.js';

const stop = listenForStopSignals(process);
try {
  process.exitCode = await main(process.argv, { signal: stop.signal });
} finally {
  stop[Symbol.dispose]();
}
