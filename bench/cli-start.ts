// How long the built CLI takes to start and answer: --version, the read-only commands and a one-step `run`, as a fresh process each.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchOptions, BenchResult } from './lib/bench-result.js';

const BENCH = 'cli-start';
const TARGET_MS = 250;
const RUN_TARGET_MS = 500;
/** The entry started: `bin/agent-libos.js` (the bundle), or e.g. `dist/cli/run.js` to compare. */
const BIN =
  process.env.AGENT_LIBOS_BENCH_CLI ??
  fileURLToPath(new URL('../bin/agent-libos.js', import.meta.url));
const LOADER = process.env.AGENT_LIBOS_BENCH_CLI === undefined ? 'bin/agent-libos.js' : BIN;
/** One step: the scripted model asks for `read_file`, then `exit`. */
const SCRIPT = {
  agents: [
    {
      goal: 'Read the notes',
      calls: [{ read_file: { path: 'notes/a.md' } }, { exit: { result: 'read' } }],
    },
  ],
};
const RUN_ARGS = [
  'run',
  '--image',
  'base',
  '--goal',
  'Read the notes',
  '--model',
  'scripted:agents.json',
  '--grant',
  'fs:**=read',
  '--json',
];
const COMMANDS: readonly (readonly string[])[] = [
  ['--version'],
  ['ps'],
  ['journal', 'list'],
  ['approvals', 'list'],
];

/**
 * Starts `bin/agent-libos.js` (the CLI's bundle in `dist/cli-bundle`, as `npx agent-libos` runs
 * it; `AGENT_LIBOS_BENCH_CLI` names another entry) as a fresh Node process per run against an
 * initialised workspace, and reports the median wall time of each command (5 runs; 2 with
 * `--quick`), from spawn to exit; then `run` of a one-step scripted agent, from spawn to its first
 * `tool.completed` journal entry and to exit.
 */
export function cliStart(options: BenchOptions): Promise<BenchResult[]> {
  const runs = options.quick ? 2 : 5;
  const root = mkdtempSync(join(tmpdir(), 'agent-libos-cli-start-'));
  const env = { ...process.env, AGENT_LIBOS_STATE_HOME: join(root, 'state') };
  try {
    execFileSync(process.execPath, [BIN, 'init', '--workspace', root], { env });
    mkdirSync(join(root, 'notes'));
    writeFileSync(join(root, 'notes', 'a.md'), 'a note\n');
    writeFileSync(join(root, 'agents.json'), JSON.stringify(SCRIPT));
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
        setup: `node ${process.version}, ${LOADER}, an initialised workspace; runs ${times.map((t) => t.toFixed(0)).join(', ')} ms`,
      };
    });
    results.push(...timeRun({ root, env, runs, log: options.log }));
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

/**
 * `run` of the one-step scripted agent, a fresh process per run: spawn to the `at` of the run's
 * first `tool.completed` (the step answered and journaled), and spawn to exit.
 */
function timeRun(options: {
  root: string;
  env: NodeJS.ProcessEnv;
  runs: number;
  log: (line: string) => void;
}): BenchResult[] {
  const { root, env, runs } = options;
  const firstStep: number[] = [];
  const exit: number[] = [];
  for (let run = 0; run < runs; run++) {
    const spawnedAt = Date.now();
    const started = performance.now();
    const done = spawnSync(process.execPath, [BIN, ...RUN_ARGS, '--workspace', root], {
      env,
      cwd: root,
    });
    exit.push(performance.now() - started);
    if (done.status !== 0) throw new Error(`agent-libos run failed: ${done.stderr.toString()}`);
    const { root: pid } = JSON.parse(done.stdout.toString()) as { root: string };
    const entries = JSON.parse(
      execFileSync(
        process.execPath,
        [BIN, 'journal', 'list', '--pid', pid, '--type', 'tool.completed', '--json'],
        { env, cwd: root },
      ).toString(),
    ) as { at: number }[];
    const first = entries[0];
    if (first === undefined) throw new Error(`agent-libos run journaled no tool.completed`);
    firstStep.push(first.at - spawnedAt);
  }
  const setup = `node ${process.version}, ${LOADER}, an initialised workspace; \`run --image base --model scripted:…\` reading one file then exiting`;
  const row = (what: string, times: number[], target?: number): BenchResult => {
    const took = median(times);
    options.log(`${BENCH}: run, ${what} ${took.toFixed(0)} ms`);
    return {
      bench: BENCH,
      name: `agent-libos run (one scripted step), ${what} (median of ${runs})`,
      value: took,
      unit: 'ms',
      ...(target === undefined ? {} : { target: { op: '<=' as const, value: target } }),
      setup: `${setup}; runs ${times.map((t) => t.toFixed(0)).join(', ')} ms`,
    };
  };
  return [
    row('spawn to first tool.completed', firstStep, RUN_TARGET_MS),
    row('spawn to exit', exit),
  ];
}

function median(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}
