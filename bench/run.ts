// Runs the benchmarks (all, or `--only <name>`), prints a table and writes bench/results/latest.json.
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, platform, release } from 'node:os';
import { parseArgs } from 'node:util';
import { agentSteps } from './agent-steps.js';
import { checkpoints } from './checkpoints.js';
import { cliDemo } from './cli-demo.js';
import { cliStart } from './cli-start.js';
import type { Bench, BenchResult } from './lib/bench-result.js';
import { verdict } from './lib/bench-result.js';
import { formatTable } from './lib/format-table.js';
import { jit } from './jit.js';
import { journalThroughput } from './journal-throughput.js';
import { modelStream } from './model-stream.js';
import { netFetch } from './net-fetch.js';
import { objectMemory } from './object-memory.js';
import { reopenAfterKill } from './reopen-after-kill.js';
import { schedulerThroughput } from './scheduler-throughput.js';
import { serviceApi } from './service-api.js';
import { shellRun } from './shell-run.js';
import { mcpCall } from './mcp-call.js';
import { syscallThroughput } from './syscall-throughput.js';
import { telemetry } from './telemetry.js';

const BENCHES: Readonly<Record<string, Bench>> = {
  'journal-throughput': journalThroughput,
  'scheduler-throughput': schedulerThroughput,
  'reopen-after-kill': reopenAfterKill,
  'syscall-throughput': syscallThroughput,
  'object-memory': objectMemory,
  'agent-steps': agentSteps,
  'cli-demo': cliDemo,
  'cli-start': cliStart,
  'service-api': serviceApi,
  'shell-run': shellRun,
  'mcp-call': mcpCall,
  'model-stream': modelStream,
  'net-fetch': netFetch,
  checkpoints,
  jit,
  telemetry,
};

const { values } = parseArgs({
  options: {
    only: { type: 'string', multiple: true },
    quick: { type: 'boolean', default: false },
  },
});

const names = values.only ?? Object.keys(BENCHES);
for (const name of names) {
  if (!(name in BENCHES)) {
    console.error(`Unknown benchmark ${name}; pick one of ${Object.keys(BENCHES).join(', ')}`);
    process.exit(2);
  }
}

const startedAt = new Date();
const results: BenchResult[] = [];
for (const name of names) {
  const bench = BENCHES[name];
  if (bench === undefined) continue;
  results.push(
    ...(await bench({
      quick: values.quick,
      log: (line) => {
        console.error(`[${new Date().toISOString().slice(11, 19)}] ${line}`);
      },
    })),
  );
}

console.log(formatTable(results));
const cpu = cpus();
const report = {
  startedAt: startedAt.toISOString(),
  finishedAt: new Date().toISOString(),
  quick: values.quick,
  machine: {
    node: process.version,
    platform: `${platform()} ${release()}`,
    cpu: cpu[0]?.model ?? 'unknown',
    cores: cpu.length,
  },
  results: results.map((r) => ({ ...r, verdict: verdict(r) })),
};
const dir = new URL('./results/', import.meta.url);
await mkdir(dir, { recursive: true });
await writeFile(new URL('latest.json', dir), `${JSON.stringify(report, null, 2)}\n`);
console.error(`Wrote ${new URL('latest.json', dir).pathname}`);
