// Who performs an Object Memory operation, and running one as a fenced, journaled command.
import type { Pid } from '../../base/ids.js';
import type { Origin } from '../../kernel/object/types.js';
import type { Actor } from '../../kernel/process/types.js';
import type { Json } from '../../base/canonical-json.js';
import { runCommand, type CommandScope } from '../commands/command-scope.js';
import { oncePerCall } from '../commands/once-per-call.js';
import type { RuntimeDeps } from '../deps.js';

/** The caller of an operation: a process inside a quantum (with its fence) or the operator. */
export interface ObjectCaller {
  readonly actor: Actor;
  /** The fencing token of the process's lease; null for the operator and the runtime. */
  readonly fence: number | null;
  /** Largest payload a version may have. */
  readonly maxPayloadBytes: number;
  /**
   * The call (sha256 of pid and call id) a process makes this operation for: its outcome is
   * stored with the change, and the same call re-issued after a crash gets it back.
   */
  readonly call?: string;
}

/** The pid the journal files an entry under: the caller when it is a process. */
export function callerPid(caller: ObjectCaller): Pid | null {
  return caller.actor === 'operator' || caller.actor === 'runtime' ? null : caller.actor;
}

/**
 * The origin the runtime records for content a caller writes: `external` when it came from
 * outside (a fetch, an MCP result), `file` when read from a workspace file, `human` for the operator, `tool` for the
 * runtime itself, `model` for a process.
 */
export function originOf(
  caller: ObjectCaller,
  options: { fromFile: boolean; external?: boolean },
): Origin {
  if (options.external === true) return 'external';
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
    if (pid === null || caller.call === undefined) return body(scope);
    // Snapshots, namespaces and objects are plain JSON data: stored as they were returned.
    const { value } = await oncePerCall(scope, { pid, key: caller.call }, async () =>
      toJson(await body(scope)),
    );
    return value as unknown as T;
  });
}

/** Object Memory results are plain data; this is their JSON form for the call-outcome store. */
function toJson(value: unknown): Json {
  return JSON.parse(JSON.stringify(value)) as Json;
}
