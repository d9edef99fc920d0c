// Who performs an Object Memory operation, and running one as a fenced, journaled command.
import type { Pid } from '../../base/ids.js';
import type { Origin } from '../../kernel/object/types.js';
import type { Actor } from '../../kernel/process/types.js';
import { runCommand, type CommandScope } from '../commands/command-scope.js';
import type { RuntimeDeps } from '../deps.js';

/** The caller of an operation: a process inside a quantum (with its fence) or the operator. */
export interface ObjectCaller {
  readonly actor: Actor;
  /** The fencing token of the process's lease; null for the operator and the runtime. */
  readonly fence: number | null;
  /** Largest payload a version may have. */
  readonly maxPayloadBytes: number;
}

/** The pid the journal files an entry under: the caller when it is a process. */
export function callerPid(caller: ObjectCaller): Pid | null {
  return caller.actor === 'operator' || caller.actor === 'runtime' ? null : caller.actor;
}

/**
 * The origin the runtime records for content a caller writes: `file` when read from a workspace
 * file, `human` for the operator, `tool` for the runtime itself, `model` for a process.
 */
export function originOf(caller: ObjectCaller, options: { fromFile: boolean }): Origin {
  if (options.fromFile) return 'file';
  if (caller.actor === 'operator') return 'human';
  if (caller.actor === 'runtime') return 'tool';
  return 'model';
}

/**
 * Runs `body` as one command; a process's command first checks it still holds its lease, so a
 * quantum that lost it writes nothing.
 */
export function runObjectCommand<T>(
  deps: RuntimeDeps,
  caller: ObjectCaller,
  body: (scope: CommandScope) => Promise<T>,
): Promise<T> {
  return runCommand(deps, { actor: caller.actor }, async (scope) => {
    const pid = callerPid(caller);
    if (pid !== null && caller.fence !== null) await scope.tx.assertLease(pid, caller.fence);
    return body(scope);
  });
}
