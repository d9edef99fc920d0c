// How this database's runtimes run commands, journaled whenever it changes: `bwrap` (sandboxed) or `none` (the operator's --unsandboxed-shell).
import type { SandboxKind } from '../../ports/command-runner.js';
import type { StoreReader } from '../../ports/store.js';
import type { RuntimeDeps } from '../deps.js';

/** The journal type recording a change of the command sandbox. */
export const SHELL_MODE_ENTRY = 'runtime.shell';

/** The latest recorded mode and when it was recorded; `bwrap` with `at: null` when none was. */
export interface ShellMode {
  readonly sandbox: SandboxKind;
  readonly at: number | null;
}

const PAGE = 1000;

/** Reads the mode the last runtime.shell entry recorded. */
export async function readShellMode(reader: StoreReader): Promise<ShellMode> {
  let mode: ShellMode = { sandbox: 'bwrap', at: null };
  for (let afterSeq = 0; ;) {
    const page = await reader.listJournal({ type: SHELL_MODE_ENTRY, afterSeq, limit: PAGE });
    for (const entry of page)
      mode = { sandbox: entry.data['sandbox'] === 'none' ? 'none' : 'bwrap', at: entry.at };
    const last = page.at(-1);
    if (last === undefined || page.length < PAGE) return mode;
    afterSeq = last.seq;
  }
}

/**
 * Journals `runtime.shell { sandbox }` when a runtime opens with a command sandbox other than the
 * last one recorded (the first unsandboxed open, and the first sandboxed one after it), so the
 * audit shows from when to when commands ran unsandboxed and `ps` can say so.
 */
export async function recordShellMode(deps: RuntimeDeps, sandbox: SandboxKind): Promise<void> {
  await deps.store.transact(async (tx) => {
    const current = await readShellMode(tx);
    if (current.sandbox === sandbox) return;
    await tx.appendJournal([
      { type: SHELL_MODE_ENTRY, pid: null, actor: 'operator', data: { sandbox } },
    ]);
  });
}
