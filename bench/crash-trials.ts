// Crash trials at scale: the crash test's harness run many times, with a summary of failures,
// journal size at the kill and recovery time.
//
//   node --import tsx bench/crash-trials.ts --trials 200 [--seed 1] [--crashes 1] [--mode normal|fsync]
//     [--parallel 2] [--roots 6] [--min-delay 50] [--max-delay 400] [--verbose]
//
// Setup: SQLite (WAL), the default workload shape (`--roots` trees of about 60 processes), 32 quanta
// in flight; each trial kills the workload child `--crashes` times, then recovers and finishes the
// workload in this process. Trials run `--parallel` at a time, so timings include contention.
import { parseArgs } from 'node:util';
import { runTrial, type TrialResult } from '../test/crash/harness.js';

const { values } = parseArgs({
  options: {
    trials: { type: 'string', default: '200' },
    seed: { type: 'string', default: '1' },
    crashes: { type: 'string', default: '1' },
    mode: { type: 'string', default: 'normal' },
    parallel: { type: 'string', default: '2' },
    roots: { type: 'string', default: '6' },
    'min-delay': { type: 'string', default: '50' },
    'max-delay': { type: 'string', default: '400' },
    verbose: { type: 'boolean', default: false },
  },
});

const trials = positive(values.trials, 'trials');
const firstSeed = positive(values.seed, 'seed');
const crashes = positive(values.crashes, 'crashes');
const parallel = positive(values.parallel, 'parallel');
const roots = positive(values.roots, 'roots');
const killDelayMs = [
  positive(values['min-delay'], 'min-delay'),
  positive(values['max-delay'], 'max-delay'),
] as const;
if (values.mode !== 'normal' && values.mode !== 'fsync')
  throw new Error('--mode must be normal or fsync');
const mode: 'normal' | 'fsync' = values.mode;

const results: TrialResult[] = [];
const startedAt = performance.now();
let next = 0;
async function worker(): Promise<void> {
  while (next < trials) {
    const seed = firstSeed + next;
    next += 1;
    const result = await runTrial({ seed, crashes, killDelayMs, mode, roots });
    results.push(result);
    const verdict = result.problems.length === 0 ? 'ok' : `FAILED (${result.problems.length})`;
    if (values.verbose || result.problems.length > 0) {
      const kill = result.crashes
        .map((c) => `${c.entries}e/${c.running}r@${c.delayMs}ms`)
        .join(' ');
      console.log(
        `seed ${seed}: ${verdict} kill ${kill} recovery ${result.recoveryMs.toFixed(1)} ms`,
      );
      for (const problem of result.problems) console.log(`  ${problem}`);
    }
  }
}
await Promise.all(Array.from({ length: parallel }, () => worker()));

const failed = results.filter((r) => r.problems.length > 0);
const kills = results.flatMap((r) => r.crashes);
const mean = (xs: readonly number[]): number =>
  xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length;
console.log(
  [
    `crash trials (${mode}, ${roots} roots, ${crashes} kill(s) per trial, delay ${killDelayMs[0]}..${killDelayMs[1]} ms, ${parallel} in parallel)`,
    `  trials:                 ${results.length}`,
    `  failures:               ${failed.length}${failed.length > 0 ? ` (seeds ${failed.map((r) => r.seed).join(', ')})` : ''}`,
    `  mean entries at kill:   ${mean(kills.map((k) => k.entries)).toFixed(0)}`,
    `  mean processes at kill: ${mean(kills.map((k) => k.processes)).toFixed(0)}`,
    `  mean running at kill:   ${mean(kills.map((k) => k.running)).toFixed(1)} (kills with none: ${kills.filter((k) => k.running === 0).length})`,
    `  mean reopen+recovery:   ${mean(results.map((r) => r.recoveryMs)).toFixed(1)} ms`,
    `  mean finish after:      ${mean(results.map((r) => r.finishMs)).toFixed(0)} ms`,
    `  wall time:              ${((performance.now() - startedAt) / 1000).toFixed(1)} s`,
  ].join('\n'),
);
process.exitCode = failed.length > 0 ? 1 : 0;

function positive(text: string, name: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer`);
  return n;
}
