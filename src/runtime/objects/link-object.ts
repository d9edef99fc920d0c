// Linking a version of one object into a namespace as a new object sharing its payload.
import { LibosError } from '../../base/errors.js';
import { checkObjectName } from '../../kernel/object/object-name.js';
import { formatVersionRef } from '../../kernel/object/object-ref.js';
import type { MemoryObject, ObjectVersion } from '../../kernel/object/types.js';
import type { ObjectAddress, ObjectSnapshot } from '../../ports/object-ops.js';
import type { Pid } from '../../base/ids.js';
import type { Actor } from '../../kernel/process/types.js';
import type { CommandScope } from '../commands/command-scope.js';
import type { RuntimeDeps } from '../deps.js';
import { loadObject } from './load-object.js';
import { callerPid, runObjectCommand, type ObjectCaller } from './object-caller.js';
import { versionEntry } from './version-entry.js';

const ATTEMPTED = 'Linking an object';

/**
 * Creates `to` as a new object (own id and history) whose version 1 is `version` of `from`
 * (the latest when null): same type, schema and payload (by hash, no copy), the source's origins
 * and sensitivity, `from@N` as its source, the caller as creator. Later changes to either object
 * do not affect the other. Journals `object.linked`.
 * @throws NOT_FOUND (source, version, namespace, deleted source with no version),
 *   ALREADY_EXISTS, INVALID_INPUT (name)
 */
export async function linkObject(
  deps: RuntimeDeps,
  caller: ObjectCaller,
  input: { from: ObjectAddress; to: { namespace: string; name: string }; version: number | null },
): Promise<ObjectSnapshot> {
  const problem = checkObjectName(input.to.name);
  if (problem !== null) throw new LibosError('INVALID_INPUT', `${ATTEMPTED} failed: ${problem}`);
  return runObjectCommand(deps, caller, async (scope) => {
    const source = await loadObject(scope.tx, input.from, { attempted: ATTEMPTED });
    if (source.deletedAt !== null && input.version === null)
      throw new LibosError('NOT_FOUND', `${ATTEMPTED} failed: ${source.id} was deleted`);
    const number = input.version ?? source.latestVersion;
    const from = await scope.tx.getVersion(source.id, number);
    if (from === undefined)
      throw new LibosError(
        'NOT_FOUND',
        `${ATTEMPTED} failed: ${source.id} has no version ${number}`,
      );
    if ((await scope.tx.getNamespace(input.to.namespace)) === undefined)
      throw new LibosError('NOT_FOUND', `${ATTEMPTED} failed: no namespace ${input.to.namespace}`);
    return linkVersion(scope, deps, {
      source,
      from,
      to: input.to,
      creator: caller.actor,
      journalPid: callerPid(caller),
    });
  });
}

/**
 * In the caller's command: makes `from` (a version of `source`) the version 1 of a new object
 * `to.name` in `to.namespace` (which must exist), sharing the payload by hash, with the source's
 * labels, `creator` as creator and `source@N` as its source. Journals `object.linked`.
 * @throws ALREADY_EXISTS (a live object has that name)
 */
export async function linkVersion(
  scope: CommandScope,
  deps: RuntimeDeps,
  input: {
    source: MemoryObject;
    from: ObjectVersion;
    to: { namespace: string; name: string };
    creator: Actor;
    journalPid: Pid | null;
  },
): Promise<ObjectSnapshot> {
  const { source, from } = input;
  const object: MemoryObject = {
    ...source,
    id: deps.ids.next('object'),
    namespace: input.to.namespace,
    name: input.to.name,
    latestVersion: 1,
    createdAt: scope.now,
    updatedAt: scope.now,
    deletedAt: null,
  };
  await scope.tx.insertObject(object);
  const ref = formatVersionRef(source.id, from.version);
  const version: ObjectVersion = {
    objectId: object.id,
    version: 1,
    sha256: from.sha256,
    size: from.size,
    labels: { ...from.labels, creator: input.creator, sourceObjects: [ref] },
    createdAt: scope.now,
  };
  await scope.tx.insertVersion(version);
  scope.journal('object.linked', input.journalPid, { ...versionEntry(object, version), from: ref });
  return { object, version };
}
