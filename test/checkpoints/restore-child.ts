// Child program of the restore crash test: opens a runtime on a real SQLite file and restores one
// checkpoint; the parent test SIGKILLs it at a random moment after it says it is restoring.
//
//   node --import tsx test/checkpoints/restore-child.ts <db path> <workspace> <checkpoint id>
//
// Prints `restoring` just before the restore starts and `restored` once it has committed. It
// exits when stdin closes, so it never outlives the test that started it.
import { openRuntime } from '../../src/open-runtime.js';

const [db, workspace, checkpoint] = process.argv.slice(2);
if (db === undefined || workspace === undefined || checkpoint === undefined)
  throw new Error('usage: restore-child.ts <db path> <workspace> <checkpoint id>');

process.stdin.on('close', () => process.exit(0));
process.stdin.resume();

const runtime = await openRuntime({ db, workspace });
process.stdout.write('restoring\n');
const report = await runtime.checkpoints.restore(checkpoint);
process.stdout.write(`restored ${report.restored.length} ${report.objects.restored}\n`);
