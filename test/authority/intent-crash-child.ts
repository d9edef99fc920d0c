// Child program of the intent crash test: opens a runtime on a real SQLite file, spawns one
// process that performs an external effect, and runs it.
//
//   node --import tsx test/authority/intent-crash-child.ts <db path> <workspace> <slow|write>
//
// `slow`: the effect prints `effect-started` and hangs; the parent SIGKILLs this process.
// `write`: an fs.write runs to completion; the child prints `idle` and waits to be killed.
// It exits when stdin closes, so it never outlives the test that started it.
import { openRuntime } from '../../src/open-runtime.js';
import { BUILTIN_SYSCALLS } from '../../src/runtime/syscall-table.js';
import { createSlowEffect, GOALS, intentCrashBody } from './slow-effect.js';

const [db, workspace, scenario] = process.argv.slice(2);
if (db === undefined || workspace === undefined || (scenario !== 'slow' && scenario !== 'write'))
  throw new Error('usage: intent-crash-child.ts <db path> <workspace> <slow|write>');

process.stdin.on('close', () => process.exit(0));
process.stdin.resume();

const runtime = await openRuntime({
  db,
  workspace,
  syscalls: [...BUILTIN_SYSCALLS, createSlowEffect({ hang: true })],
  body: intentCrashBody(),
  onError: (error, pid) => process.stderr.write(`runtime-error ${pid} ${error.code}\n`),
});
const worker = await runtime.spawn({ imageId: 'base', goal: GOALS[scenario] });
await runtime.grant({ subject: worker.pid, resource: 'fs:**', rights: 'read,write' });
process.stdout.write(`spawned ${worker.pid}\n`);
await runtime.run();
process.stdout.write('idle\n');
