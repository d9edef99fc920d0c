// A runtime SIGKILLed while a sandboxed command runs: the command dies with it, and on reopening
// the effect is `unknown` and the process paused for an operator — the command is never run again.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Pid } from '../../../src/base/ids.js';
import { openRuntime } from '../../../src/open-runtime.js';
import { useCrashRig } from '../../support/crash-rig.js';
import { killAndWait } from '../../support/kill-and-wait.js';
import { startTsxChild } from '../../support/start-tsx-child.js';
import { hasSandbox } from './exec-kit.js';

const CHILD = fileURLToPath(new URL('./shell-crash-child.ts', import.meta.url));
const TIMEOUT_MS = 30_000;

/** Host processes whose command line holds `marker`. */
function processesWith(marker: string): number[] {
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readFileSync(`/proc/${name}/cmdline`, 'utf8').includes(marker)) found.push(Number(name));
    } catch {
      // Gone meanwhile.
    }
  }
  return found;
}

// Waits for `condition`; the test's timeout (which still kills the child) bounds the wait.
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((r) => setTimeout(r, 50));
}

describe.runIf(hasSandbox)('a runtime killed mid-command', { timeout: 2 * TIMEOUT_MS }, () => {
  const rig = useCrashRig('libos-shell-crash-');

  it('takes the command down with it, and recovery pauses the process instead of re-running it', async () => {
    const marker = `libos-crash-marker-${process.pid}-${Date.now()}`;
    const { child, ready } = startTsxChild(CHILD, [rig.db, rig.workspace, marker], {
      timeoutMs: TIMEOUT_MS,
      until: (stdout) => /^spawned (\S+)$/m.exec(stdout)?.[1] as Pid | undefined,
    });
    rig.children.add(child);
    const pid = await ready;
    await until(() => existsSync(join(rig.workspace, 'started')));
    await until(() => processesWith(marker).length > 0);

    await killAndWait(child);
    // --die-with-parent: the sandbox and the command in it end with the runtime.
    await until(() => processesWith(marker).length === 0);

    const runtime = await openRuntime({ db: rig.db, workspace: rig.workspace });
    rig.runtimes.push(runtime);
    const state = (await runtime.get(pid)).state;
    expect(state.kind).toBe('paused');
    const intents = await runtime.store.read((r) => r.listIntents({ pid, limit: 10 }));
    expect(intents.filter((i) => i.syscall === 'shell.run').map((i) => i.state)).toStrictEqual([
      'unknown',
    ]);
    await runtime.run();
    // Nothing ran it again: one line, from the one start.
    expect(readFileSync(join(rig.workspace, 'started'), 'utf8')).toBe('started\n');
    expect(processesWith(marker)).toStrictEqual([]);
  });
});
