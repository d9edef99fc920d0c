// Child program of the replay-after-crash corpus: runs one case until the state change committed, then hangs to be SIGKILLed.
//
//   node --import tsx test/security/replay-child.ts <db path> <workspace> <case>
//
// Prints `names <json>` after set-up and `stopped` once the syscall body ran. It exits when
// stdin closes, so it never outlives the test that started it.
import { openRuntime } from '../../src/open-runtime.js';
import { REPLAY_CASES, replayBody, stoppingTable } from './replay-fixture.js';
import type { Json } from '../../src/base/canonical-json.js';

const [db, workspace, name] = process.argv.slice(2);
const replayCase = name === undefined ? undefined : REPLAY_CASES[name];
if (db === undefined || workspace === undefined || replayCase === undefined)
  throw new Error('usage: replay-child.ts <db path> <workspace> <case>');

process.stdin.on('close', () => process.exit(0));
process.stdin.resume();

let names: Record<string, Json> = {};
const runtime = await openRuntime({
  db,
  workspace,
  body: replayBody(replayCase, () => names),
  syscalls: stoppingTable(replayCase.syscall, async () => {
    process.stdout.write('stopped\n');
    return new Promise<never>(() => undefined);
  }),
});
const root = await runtime.spawn({ imageId: 'base', goal: 'root' });
names = { root: root.pid, ...(await replayCase.setUp(runtime, root.pid, workspace)) };
process.stdout.write(`names ${JSON.stringify(names)}\n`);
await runtime.run();
