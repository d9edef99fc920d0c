// Child program of the shell crash test: a runtime whose one process starts a long command in the
// sandbox; the parent test SIGKILLs this runtime while the command runs.
//
//   node --import tsx test/security/exec/shell-crash-child.ts <db path> <workspace> <marker>
//
// Prints `spawned <pid>`; the command writes `<workspace>/started` and then sleeps, its argv
// carrying <marker> so the test can look for it among the host's processes.
import { openRuntime } from '../../../src/open-runtime.js';

const [db, workspace, marker] = process.argv.slice(2);
if (db === undefined || workspace === undefined || marker === undefined)
  throw new Error('usage: shell-crash-child.ts <db path> <workspace> <marker>');

process.stdin.on('close', () => process.exit(0));
process.stdin.resume();

const runtime = await openRuntime({
  db,
  workspace,
  body: async (ctx) => {
    await ctx.syscall(
      'shell.run',
      { argv: ['sh', '-c', 'echo started >> started; exec sleep 600', marker], timeoutMs: 600_000 },
      { callId: 'long-command' },
    );
    await ctx.exit(null);
  },
});
const process_ = await runtime.spawn({ imageId: 'base', goal: 'run a long command' });
await runtime.grant({ subject: process_.pid, resource: 'shell:sh', rights: 'execute' });
await runtime.grant({ subject: process_.pid, resource: 'fs:**', rights: 'read,write' });
process.stdout.write(`spawned ${process_.pid}\n`);
await runtime.run();
