// Child program of the fetch crash test: opens a runtime on a real SQLite file, spawns one process
// granted the URL's origin, and runs it; the process fetches the URL (which never answers).
//
//   node --import tsx test/net/fetch-crash-child.ts <db path> <workspace> <url>
//
// It prints `spawned <pid>`; the parent SIGKILLs it once the server has seen the request. It
// exits when stdin closes, so it never outlives the test that started it.
import { openRuntime } from '../../src/open-runtime.js';
import { fetchOnceBody } from './fetch-crash-body.js';

const [db, workspace, url] = process.argv.slice(2);
if (db === undefined || workspace === undefined || url === undefined)
  throw new Error('usage: fetch-crash-child.ts <db path> <workspace> <url>');

process.stdin.on('close', () => process.exit(0));
process.stdin.resume();

const runtime = await openRuntime({ db, workspace, body: fetchOnceBody() });
const worker = await runtime.spawn({ imageId: 'base', goal: url });
await runtime.grant({
  subject: worker.pid,
  resource: `net:${new URL(url).origin}/**`,
  rights: 'get',
});
process.stdout.write(`spawned ${worker.pid}\n`);
await runtime.run();
process.stdout.write('idle\n');
