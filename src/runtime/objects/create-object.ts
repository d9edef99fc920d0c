// Creating an object with its first version, as one journaled command.
import { canonicalJson, type Json } from '../../base/canonical-json.js';
import { LibosError } from '../../base/errors.js';
import { checkJsonSchema } from '../../kernel/object/check-json-schema.js';
import { OBJECT_LIMITS } from '../../kernel/object/limits.js';
import { checkObjectName } from '../../kernel/object/object-name.js';
import { checkObjectType } from '../../kernel/object/object-type.js';
import type { MemoryObject } from '../../kernel/object/types.js';
import type { ObjectContent, ObjectSnapshot } from '../../ports/object-ops.js';
import type { RuntimeDeps } from '../deps.js';
import { callerPid, runObjectCommand, type ObjectCaller } from './object-caller.js';
import { versionEntry } from './version-entry.js';
import { writeVersion } from './write-version.js';

const ATTEMPTED = 'Creating an object';

/**
 * Creates `name` in `namespace` with version 1 and journals `object.created`.
 * @throws INVALID_INPUT (name, type, schema, content), OUT_OF_RANGE (size), NOT_FOUND
 *   (namespace, source), ALREADY_EXISTS (a live object has the name)
 */
export async function createObject(
  deps: RuntimeDeps,
  caller: ObjectCaller,
  input: {
    namespace: string;
    name: string;
    type: string;
    schema: Json | null;
    content: ObjectContent;
  },
): Promise<ObjectSnapshot> {
  const schemaText = checkCreation(input);
  return runObjectCommand(deps, caller, async (scope) => {
    if ((await scope.tx.getNamespace(input.namespace)) === undefined)
      throw new LibosError('NOT_FOUND', `${ATTEMPTED} failed: no namespace ${input.namespace}`);
    const object: MemoryObject = {
      id: deps.ids.next('object'),
      namespace: input.namespace,
      name: input.name,
      type: input.type,
      schema: schemaText,
      latestVersion: 1,
      createdAt: scope.now,
      updatedAt: scope.now,
      deletedAt: null,
    };
    await scope.tx.insertObject(object);
    const { version, newBlob } = await writeVersion(scope, caller, {
      object,
      content: input.content,
      previous: null,
      attempted: ATTEMPTED,
    });
    scope.journal('object.created', callerPid(caller), {
      ...versionEntry(object, version),
      newBlob,
    });
    return { object, version };
  });
}

function checkCreation(input: { name: string; type: string; schema: Json | null }): string | null {
  const problem =
    checkObjectName(input.name) ??
    checkObjectType(input.type) ??
    (input.schema !== null && input.type !== 'json' ? 'only json objects take a schema' : null);
  if (problem !== null) throw new LibosError('INVALID_INPUT', `${ATTEMPTED} failed: ${problem}`);
  if (input.schema === null) return null;
  const text = canonicalJson(input.schema);
  if (Buffer.byteLength(text) > OBJECT_LIMITS.maxSchemaBytes)
    throw new LibosError(
      'OUT_OF_RANGE',
      `${ATTEMPTED} failed: the schema is larger than ${OBJECT_LIMITS.maxSchemaBytes} bytes`,
    );
  const schemaProblem = checkJsonSchema(input.schema);
  if (schemaProblem !== null)
    throw new LibosError('INVALID_INPUT', `${ATTEMPTED} failed: ${schemaProblem}`);
  return text;
}
