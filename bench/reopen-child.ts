// Child process of the reopen-after-kill benchmark: `work <db>` runs quanta until it is killed;
// `open <db>` times one openRuntime on the database and prints the figures as JSON.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { openRuntime } from '../src/open-runtime.js';
import { workloadBody } from './lib/workload-body.js';

/** Quanta in flight in `work` mode: the leases a kill leaves behind. */
const IN_FLIGHT = 256;

const [mode, db] = process.argv.slice(2);
if (db === undefined || (mode !== 'work' && mode !== 'open')) {
  throw new Error('usage: reopen-child.ts work|open <db>');
}
// The workspace lies beside the database's directory, never around it.
const workspace = join(dirname(db), 'workspace');
mkdirSync(workspace, { recursive: true });

if (mode === 'work') {
  let started = 0;
  const rt = await openRuntime({
    db,
    workspace,
    maxInFlight: IN_FLIGHT,
    body: workloadBody({
      workMs: 20,
      onStart: () => {
        started += 1;
        // Two full waves: the in-flight bound is reached and leases are being renewed.
        if (started === 2 * IN_FLIGHT) process.stdout.write('ready\n');
      },
    }),
  });
  await rt.run();
} else {
  const start = performance.now();
  const rt = await openRuntime({ db, workspace });
  const openMs = performance.now() - start;
  await rt.close();
  process.stdout.write(`${JSON.stringify({ openMs })}\n`);
}
