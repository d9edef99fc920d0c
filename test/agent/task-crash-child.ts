// Child program of the task crash test: starts a task, runs its first run to the end, then
// follows it up and blocks inside the follow-up's transaction; the parent test SIGKILLs it there.
//
//   node --import tsx test/agent/task-crash-child.ts <db path> <workspace>
//
// Prints `task <id> <pid>` once the first run ended and `inside` from within the transaction.
// It exits when stdin closes, so it never outlives the test that started it.
import { createSystemClock } from '../../src/base/clock.js';
import { createAgentBody } from '../../src/runtime/agent/agent-body.js';
import { Runtime } from '../../src/runtime/runtime.js';
import { openSqliteStore } from '../../src/store/sqlite/open-sqlite-store.js';
import { GOAL, MODEL, stopAtTaskRun, taskModels } from './task-crash-fixture.js';

const [db, workspace] = process.argv.slice(2);
if (db === undefined || workspace === undefined)
  throw new Error('usage: task-crash-child.ts <db path> <workspace>');

process.stdin.on('close', () => process.exit(0));
process.stdin.resume();

const clock = createSystemClock();
const store = stopAtTaskRun(await openSqliteStore({ path: db, clock }), async () => {
  process.stdout.write('inside\n');
  await new Promise<never>(() => undefined);
});
const runtime = await Runtime.create({
  store,
  clock,
  workspace,
  models: taskModels(),
  body: createAgentBody({ defaultModel: MODEL }),
});
const started = await runtime.tasks.start({ imageId: 'base', goal: GOAL, model: MODEL });
await runtime.run();
process.stdout.write(`task ${started.id} ${started.runs[0]?.pid ?? ''}\n`);
await runtime.tasks.followUp(started.id, { text: 'and a third' });
process.stdout.write('returned\n');
