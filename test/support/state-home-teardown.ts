// Vitest global setup: removes the test run's state home (default state directories) at the end.
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Returns the teardown that deletes `agent-libos-test-state-<pid>` after every test file ran. */
export default function setup(): () => Promise<void> {
  const home = join(tmpdir(), `agent-libos-test-state-${process.pid}`);
  return async () => {
    await rm(home, { recursive: true, force: true });
  };
}
