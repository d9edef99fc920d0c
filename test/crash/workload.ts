// Child program of the crash test: runs the seeded workload on a SQLite store until it is killed.
//
//   node --import tsx test/crash/workload.ts <db path> <seed> <normal|fsync> [roots]
//
// On a store with no processes it spawns the root processes first; on a store a killed run left
// behind it only recovers and continues. It prints `ready` once quanta are being dispatched (the
// parent starts its kill countdown then) and `idle <quanta>` if the workload finishes first.
// Errors no process could be told about are printed to stderr as `runtime-error …` lines.
import { openRuntime } from '../../src/open-runtime.js';
import { workloadWorkspace } from './workload-body.js';
import type { Runtime } from '../../src/runtime/runtime.js';
import { createWorkloadBody, DEFAULT_SHAPE, spawnRoots } from './workload-body.js';

const [dbPath, seedText, mode = 'normal', rootsText = String(DEFAULT_SHAPE.roots)] =
  process.argv.slice(2);
const seed = Number(seedText);
const roots = Number(rootsText);
if (
  dbPath === undefined ||
  !Number.isSafeInteger(seed) ||
  !Number.isSafeInteger(roots) ||
  (mode !== 'normal' && mode !== 'fsync')
)
  throw new Error('usage: workload.ts <db path> <seed> <normal|fsync> [roots]');

// The body reads the store of the runtime it runs in; it is first called from `run` below.
const runtime: Runtime = await openRuntime({
  db: dbPath,
  // The workload touches no files; its workspace lies beside the database, never around it.
  workspace: workloadWorkspace(dbPath),
  durability: mode,
  maxInFlight: 32,
  body: createWorkloadBody({ seed, store: () => runtime.store }),
  onError: (error, pid) => {
    process.stderr.write(`runtime-error ${pid} ${error.code}: ${error.message}\n`);
  },
});
if ((await runtime.list({ limit: 1 })).length === 0) await spawnRoots(runtime, { roots });
const running = runtime.run({ waitForTimers: true });
process.stdout.write('ready\n');
const report = await running;
process.stdout.write(`idle ${report.quanta}\n`);
await runtime.close();
