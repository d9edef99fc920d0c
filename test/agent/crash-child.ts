// Child program of the agent crash-resume tests: runs the fixture agent on a real SQLite file
// until its hook stops it at one point of a quantum; the parent test then SIGKILLs it.
//
//   node --import tsx test/agent/crash-child.ts <db path> <workspace> <stop point>
//
// Prints `spawned <pid>` once the agent exists and `stopped <point>` when it reaches the point.
// It exits when stdin closes, so it never outlives the test that started it.
import { openRuntime } from '../../src/open-runtime.js';
import {
  crashAgent,
  GOAL,
  IMAGE_ID,
  installImage,
  MODEL_SPEC,
  STOP_POINTS,
  stopAt,
} from './crash-fixture.js';
import type { StopPoint } from './crash-fixture.js';

const [db, workspace, point] = process.argv.slice(2);
if (db === undefined || workspace === undefined || !STOP_POINTS.includes(point as StopPoint))
  throw new Error(`usage: crash-child.ts <db path> <workspace> <${STOP_POINTS.join('|')}>`);

process.stdin.on('close', () => process.exit(0));
process.stdin.resume();

const agent = crashAgent(workspace, stopAt(point as StopPoint));
const runtime = await openRuntime({
  db,
  workspace,
  ...agent,
  onError: (error, pid) => process.stderr.write(`runtime-error ${pid} ${error.code}\n`),
});
await installImage(runtime);
const worker = await runtime.spawn({ imageId: IMAGE_ID, goal: GOAL, model: MODEL_SPEC });
await runtime.grant({ subject: worker.pid, resource: 'fs:**', rights: 'read,write' });
process.stdout.write(`spawned ${worker.pid}\n`);
await runtime.run();
process.stdout.write('idle\n');
