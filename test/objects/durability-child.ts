// Child program of the Object Memory durability test: a runtime on a real SQLite file whose one
// process writes versioned objects and then keeps writing until it is SIGKILLed.
//
//   node --import tsx test/objects/durability-child.ts <db path> <workspace>
//
// Prints `spawned <pid>`, `written` after the fixed objects, `churning` once the endless updates
// started. It exits when stdin closes, so it never outlives the test that started it.
import { openRuntime } from '../../src/open-runtime.js';
import { durabilityBody } from './durability-workload.js';

const [db, workspace] = process.argv.slice(2);
if (db === undefined || workspace === undefined)
  throw new Error('usage: durability-child.ts <db path> <workspace>');

process.stdin.on('close', () => process.exit(0));
process.stdin.resume();

const runtime = await openRuntime({
  db,
  workspace,
  body: durabilityBody({
    onWritten: () => process.stdout.write('written\n'),
    onChurning: () => process.stdout.write('churning\n'),
  }),
  onError: (error, pid) => process.stderr.write(`runtime-error ${pid} ${error.code}\n`),
});
const worker = await runtime.spawn({ imageId: 'base', goal: 'write objects' });
process.stdout.write(`spawned ${worker.pid}\n`);
await runtime.run();
