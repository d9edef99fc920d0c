// How long the built CLI takes to start and answer: --version and the read-only commands, as a fresh process each.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchOptions, BenchResult } from './lib/bench-result.js';

const BENCH = 'cli-start';
const TARGET_MS = 250;
const BIN = fileURLToPath(new URL('../bin/agent-libos.js', import.meta.url));
const COMMANDS: readonly (readonly string[])[] = [
  ['--version'],
  ['ps'],
  ['journal', 'list'],
  ['approvals', 'list'],
];

/**
 * Starts `bin/agent-libos.js` (the built `dist/`, as `npx agent-libos` runs it) as a fresh Node
 * process per run against an initialised workspace, and reports the median wall time of each
 * command (5 runs; 2 with `--quick`), from spawn to exit.
 */
export function cliStart(options: BenchOptions): Promise<BenchResult[]> {
  const runs = options.quick ? 2 : 5;
  const root = mkdtempSync(join(tmpdir(), 'agent-libos-cli-start-'));
  const env = { ...process.env, AGENT_LIBOS_STATE_HOME: join(root, 'state') };
  try {
    execFileSync(process.execPath, [BIN, 'init', '--workspace', root], { env });
    // The floor: Node itself starting and exiting, measured the same way on the same machine.
    const floor = median(
      Array.from({ length: runs }, () => {
        const started = performance.now();
        spawnSync(process.execPath, ['-e', '0']);
        return performance.now() - started;
      }),
    );
    options.log(`${BENCH}: node -e 0 ${floor.toFixed(0)} ms`);
    const results = COMMANDS.map((args): BenchResult => {
      const times: number[] = [];
      for (let run = 0; run < runs; run++) {
        const started = performance.now();
        const done = spawnSync(process.execPath, [BIN, ...args, '--workspace', root], { env });
        times.push(performance.now() - started);
        if (done.status !== 0)
          throw new Error(`agent-libos ${args.join(' ')} failed: ${done.stderr.toString()}`);
      }
      const took = median(times);
      options.log(`${BENCH}: ${args.join(' ')} ${took.toFixed(0)} ms`);
      return {
        bench: BENCH,
        name: `agent-libos ${args.join(' ')}, fresh process (median of ${runs})`,
        value: took,
        unit: 'ms',
        target: { op: '<=', value: TARGET_MS },
        setup: `node ${process.version}, built dist/, an initialised workspace; runs ${times.map((t) => t.toFixed(0)).join(', ')} ms`,
      };
    });
    results.unshift({
      bench: BENCH,
      name: `node -e 0, fresh process (median of ${runs}): the floor`,
      value: floor,
      unit: 'ms',
      setup: `node ${process.version}, the same machine and moment as the rows below`,
    });
    return Promise.resolve(results);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

function median(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}
