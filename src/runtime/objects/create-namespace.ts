// Creating a shared namespace, as one journaled command.
import { LibosError } from '../../base/errors.js';
import { checkSharedNamespaceName } from '../../kernel/object/object-name.js';
import type { Namespace } from '../../kernel/object/types.js';
import type { RuntimeDeps } from '../deps.js';
import { callerPid, runObjectCommand, type ObjectCaller } from './object-caller.js';

/**
 * Creates the shared namespace `name` owned by the caller and journals `namespace.created`.
 * @throws INVALID_INPUT (bad name, under `proc/`), ALREADY_EXISTS
 */
export async function createNamespace(
  deps: RuntimeDeps,
  caller: ObjectCaller,
  name: string,
): Promise<Namespace> {
  const problem = checkSharedNamespaceName(name);
  if (problem !== null)
    throw new LibosError('INVALID_INPUT', `Creating a namespace failed: ${problem}`);
  return runObjectCommand(deps, caller, async (scope) => {
    const namespace: Namespace = {
      name,
      kind: 'shared',
      owner: callerPid(caller) ?? 'operator',
      createdAt: scope.now,
    };
    await scope.tx.insertNamespace(namespace);
    scope.journal('namespace.created', callerPid(caller), { namespace: name, kind: 'shared' });
    return namespace;
  });
}
