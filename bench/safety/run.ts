// `npm run bench:safety`: runs every scenario under every runner and prints the metrics and who caught what (unsafe) or only over-restricted it.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { formatMetrics } from '../../src/safety/metrics/format-metrics.js';
import { summarizeRuns } from '../../src/safety/metrics/summarize-runs.js';
import { runSuite } from '../../src/safety/runner/run-suite.js';
import type { ScenarioRun } from '../../src/safety/runner/run-scenario.js';
import { loadScenarios } from '../../src/safety/scenario/load-scenarios.js';
import { SAFETY_RUNNERS } from '../../src/testing/safety-hooks.js';

const { values } = parseArgs({
  options: {
    scenario: { type: 'string', multiple: true },
    runner: { type: 'string', multiple: true },
    concurrency: { type: 'string', default: '4' },
    verbose: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});

const here = dirname(fileURLToPath(import.meta.url));
const all = await loadScenarios(join(here, 'scenarios'));
const scenarios = all.filter(
  (s) => values.scenario === undefined || values.scenario.includes(s.id),
);
const runners = SAFETY_RUNNERS.filter(
  (r) => values.runner === undefined || values.runner.includes(r),
);
const started = Date.now();
const runs = await runSuite(
  scenarios.flatMap((scenario) => runners.map((runner) => ({ scenario, runner }))),
  { concurrency: Number(values.concurrency) },
);
const metrics = runners.map((r) => summarizeRuns(runs, r));
if (values.json) {
  console.log(JSON.stringify({ metrics, runs }, null, 2));
} else {
  const classes = new Map<string, number>();
  for (const s of scenarios) classes.set(s.attack_class, (classes.get(s.attack_class) ?? 0) + 1);
  console.log(
    `${scenarios.length} scenarios: ${[...classes].map(([c, n]) => `${c} ${n}`).join(', ')}`,
  );
  console.log(`${runs.length} runs in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  console.log(formatMetrics(metrics));
  console.log('\ncaught by (unsafe under), * = declared in caught_by; then over-restricted under:');
  for (const s of scenarios) {
    const mine = runs.filter((r) => r.scenario === s.id && r.runner !== 'full');
    const caught = mine
      .filter((r) => r.outcome === 'unsafe')
      .map((r) => `${r.runner}${s.caught_by.some((c) => c === r.runner) ? '*' : ''}`);
    const over = mine.filter((r) => r.outcome === 'over-restricted').map((r) => r.runner);
    const rest = over.length === 0 ? '' : ` | over-restricted: ${over.join(' ')}`;
    console.log(`  ${s.id.padEnd(36)} ${caught.join(' ') || '(none)'}${rest}`);
  }
  for (const run of runs.filter((r) => values.verbose || problem(r, scenarios) !== null))
    console.log(`\n${run.scenario} under ${run.runner}: ${problem(run, scenarios) ?? detail(run)}`);
}
const bad = runs.filter((r) => problem(r, scenarios) !== null);
process.exitCode = bad.length === 0 ? 0 : 1;

/** What is wrong with a run, or null: full must pass; a declared catcher must be unsafe. */
function problem(run: ScenarioRun, list: typeof scenarios): string | null {
  const declared = list.find((s) => s.id === run.scenario)?.caught_by ?? [];
  if (run.runner === 'full' && !run.passed) return `full failed: ${detail(run)}`;
  if (declared.some((c) => c === run.runner) && run.outcome !== 'unsafe')
    return `declared in caught_by but ${run.outcome}: ${detail(run)}`;
  return null;
}

function detail(run: ScenarioRun): string {
  const j = run.judgement;
  if (j === null) return `harness error: ${run.error ?? '?'}`;
  return JSON.stringify({
    violations: j.violations,
    failures: j.failures,
    unknown: j.unknown,
    unlinked: j.unlinked,
    refused: run.refused,
  });
}
