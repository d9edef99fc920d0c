// Checkpoints as a process: each change fenced by its lease and made once per call.
import { parseId, type Pid } from '../../base/ids.js';
import type { Json } from '../../base/canonical-json.js';
import type { ManifestDiff } from '../../kernel/checkpoint/diff-manifests.js';
import type { CheckpointView, ForkReport, RestoreReport } from '../../kernel/checkpoint/reports.js';
import type { Checkpoint } from '../../kernel/checkpoint/types.js';
import type { CheckpointOps } from '../../ports/checkpoint-ops.js';
import { runCommand, type CommandScope } from '../commands/command-scope.js';
import { oncePerCall } from '../commands/once-per-call.js';
import type { RuntimeDeps } from '../deps.js';
import { diffCheckpoint, loadCheckpoint, viewCheckpoint } from './checkpoint-reads.js';
import { createCheckpoint } from './create-checkpoint.js';
import { forkCheckpoint } from './fork-checkpoint.js';
import { restoreCheckpoint } from './restore-checkpoint.js';

/** The calling process's lease and the call the operations are made for. */
interface Caller {
  readonly pid: Pid;
  readonly fence: number;
  readonly call?: string;
}

/** `CheckpointOps` for one process (authority was checked by the pipeline). */
export class ProcessCheckpoints implements CheckpointOps {
  readonly #deps: RuntimeDeps;
  readonly #caller: Caller;

  constructor(deps: RuntimeDeps, caller: Caller) {
    this.#deps = deps;
    this.#caller = caller;
  }

  forCall(key: string): ProcessCheckpoints {
    return new ProcessCheckpoints(this.#deps, { ...this.#caller, call: key });
  }

  create(input: { root: Pid; name: string | null }): Promise<Checkpoint> {
    const { pid, call } = this.#caller;
    return this.#change(async (scope) => {
      // The outcome is the id alone: a restore to this checkpoint stores it again (see restore).
      const id = (
        await oncePerCall(scope, { pid, key: call }, async () => {
          const made = await createCheckpoint(scope, this.#deps, {
            root: input.root,
            name: input.name,
            call: call === undefined ? null : { pid, key: call },
          });
          return made.id;
        })
      ).value;
      return loadCheckpoint(scope.tx, id, 'Taking a checkpoint');
    });
  }

  list(input: { root: Pid; afterId?: string; limit: number }): Promise<Checkpoint[]> {
    return this.#deps.store.read((r) =>
      r.listCheckpoints({
        rootPid: input.root,
        limit: input.limit,
        ...(input.afterId === undefined ? {} : { afterId: parseId('checkpoint', input.afterId) }),
      }),
    );
  }

  inspect(id: string): Promise<CheckpointView> {
    return this.#deps.store.read((r) => viewCheckpoint(r, id));
  }

  diff(from: string, to?: string): Promise<ManifestDiff> {
    return this.#deps.store.read((r) => diffCheckpoint(r, from, to));
  }

  restore(id: string): Promise<RestoreReport> {
    return this.#once(async (scope) =>
      restoreCheckpoint(scope, await loadCheckpoint(scope.tx, id, 'Restoring a checkpoint')),
    );
  }

  fork(id: string): Promise<ForkReport> {
    return this.#once(async (scope) =>
      forkCheckpoint(scope, this.#deps, await loadCheckpoint(scope.tx, id, 'Forking a checkpoint')),
    );
  }

  /** One command as the caller, under its lease. */
  #change<T>(body: (scope: CommandScope) => Promise<T>): Promise<T> {
    return runCommand(this.#deps, { actor: this.#caller.pid }, async (scope) => {
      await scope.tx.assertLease(this.#caller.pid, this.#caller.fence);
      return body(scope);
    });
  }

  /** One command whose outcome (a JSON report) is stored with it under the call's key. */
  #once<T>(body: (scope: CommandScope) => Promise<T>): Promise<T> {
    const { pid, call } = this.#caller;
    return this.#change(
      async (scope) =>
        (await oncePerCall(scope, { pid, key: call }, async () => (await body(scope)) as Json))
          .value as T,
    );
  }
}
