// Child process for the host-death case: runs one JIT tool that never ends, and waits to be killed.
import { createDenoRunner } from '../../../src/sandbox/deno-runner.js';

const denoDir = process.argv[2] ?? '';
const runner = createDenoRunner({ denoDir, limits: { wallMs: 120_000 } });
void runner
  .run({
    source: 'export function run() { for (;;) {} }',
    args: null,
    syscall: () => Promise.resolve({ blocked: false, value: null }),
    signal: new AbortController().signal,
  })
  .catch(() => undefined);
process.stdout.write('started\n');
