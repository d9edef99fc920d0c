// Test helper: SIGKILL a child process (if still alive) and wait until it has exited.
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';

/** Kills `child` with SIGKILL and resolves once it has exited; a no-op if it already has. */
export async function killAndWait(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGKILL');
  await exited;
}
