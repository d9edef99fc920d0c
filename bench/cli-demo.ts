// How long `agent-libos demo` takes end to end: setup, a child runtime killed with SIGKILL, recovery, the timeline.
import { rm } from 'node:fs/promises';
import { main } from '../src/cli/main.js';
import type { BenchOptions, BenchResult } from './lib/bench-result.js';

const BENCH = 'cli-demo';
/** What test/cli/demo.test.ts used to assert; a figure to watch here, never a test. */
const TARGET_MS = 10_000;

/**
 * Runs `agent-libos demo --json` in this process (3 times, once with `--quick`), each with its own
 * temporary workspace, and reports the slowest run. The demo's child runtime is a fresh Node
 * process through tsx, so the figure includes one Node start and one TypeScript load.
 */
export async function cliDemo(options: BenchOptions): Promise<BenchResult[]> {
  const runs = options.quick ? 1 : 3;
  const times: number[] = [];
  for (let run = 1; run <= runs; run++) {
    options.log(`${BENCH}: run ${run} of ${runs}`);
    let stdout = '';
    let stderr = '';
    const started = performance.now();
    const code = await main(['node', 'agent-libos', 'demo', '--json'], {
      io: {
        stdout: (text) => (stdout += text),
        stderr: (text) => (stderr += text),
      },
      env: { ...process.env },
      terminal: null,
    });
    times.push(performance.now() - started);
    if (code !== 0) throw new Error(`The demo failed (exit ${code}): ${stderr}`);
    const { workspace } = JSON.parse(stdout) as { workspace: string };
    await rm(workspace, { recursive: true, force: true });
  }
  return [
    {
      bench: BENCH,
      name: `agent-libos demo --json, end to end (worst of ${runs})`,
      value: Math.max(...times),
      unit: 'ms',
      target: { op: '<', value: TARGET_MS },
      setup: `in-process main() from source (tsx), its child runtime a fresh Node process; all runs ${times.map((ms) => ms.toFixed(0)).join(', ')} ms`,
    },
  ];
}
