// `agent-libos objects ns create <namespace>`: creates a shared Object Memory namespace.
import { LibosError } from '../../base/errors.js';
import { checkSharedNamespaceName } from '../../kernel/object/object-name.js';
import type { CliContext } from '../cli-context.js';
import { printable } from '../format/printable.js';
import { writeJson } from '../format/write-json.js';
import { openWriteRuntime } from '../open-write-runtime.js';

/**
 * Creates the shared namespace `namespace` (e.g. `shared/research`) as the operator, with no
 * grants: processes reach it through `object:ns/<namespace>/**` records. The name is checked
 * before the database is opened. Prints the namespace and the grant that opens it (`--json`: the
 * namespace record `{ name, kind, owner, createdAt }`).
 * @throws INVALID_INPUT (not two segments, under `proc/`, bad characters); ALREADY_EXISTS;
 *   NOT_FOUND (no database); STORE_LOCKED (a runtime is running)
 */
export async function runNamespaceCreate(
  context: CliContext,
  options: { namespace: string },
): Promise<number> {
  const problem = checkSharedNamespaceName(options.namespace);
  if (problem !== null)
    throw new LibosError('INVALID_INPUT', `Creating a namespace failed: ${problem}`, {
      details: { namespace: options.namespace.slice(0, 200) },
    });
  const runtime = await openWriteRuntime(context, { attempted: 'Creating a namespace' });
  try {
    const namespace = await runtime.objects.createNamespace(options.namespace);
    if (context.json) writeJson(context.io, namespace);
    else {
      const name = printable(namespace.name);
      context.io.stdout(
        `created namespace ${name}; let a process use it with caps grant <pid> 'object:ns/${name}/**=read,write'\n`,
      );
    }
    return 0;
  } finally {
    await runtime.close();
  }
}
