// `agent-libos objects list`: the live objects of one namespace, read-only, paged by name.
import { LibosError } from '../../base/errors.js';
import { parseId } from '../../base/ids.js';
import { checkNamespaceName } from '../../kernel/object/object-name.js';
import { privateNamespace } from '../../kernel/object/types.js';
import type { ObjectSnapshot } from '../../ports/object-ops.js';
import type { CliContext } from '../cli-context.js';
import { collectPages } from '../../base/collect-pages.js';
import { formatObjectTable } from '../format/object-table.js';
import { writeJson } from '../format/write-json.js';
import { openReadRuntime } from '../open-read-runtime.js';

/** Raw `objects list` options as commander parsed them. */
export interface ObjectListOptions {
  /** A process whose private namespace to list. */
  readonly pid?: string;
  /** A namespace to list (e.g. `shared/research`). */
  readonly ns?: string;
}

const PAGE = 500;

/**
 * Prints the live objects of `--ns` (or of `--pid`'s private namespace) with their latest
 * versions as a table, or as a JSON array with `--json`. Returns the exit code.
 * @throws INVALID_INPUT (neither or both options, a bad namespace), INVALID_ID (--pid),
 *   NOT_FOUND (no such namespace, no database)
 */
export async function runObjectList(
  context: CliContext,
  options: ObjectListOptions,
): Promise<number> {
  const namespace = namespaceOf(options);
  const runtime = await openReadRuntime(context);
  let items: ObjectSnapshot[];
  try {
    items = await collectPages(
      async (afterName: string | undefined, limit) =>
        (
          await runtime.objects.list({
            namespace,
            limit,
            ...(afterName === undefined ? {} : { afterName }),
          })
        ).items,
      (item) => item.object.name,
      { pageSize: PAGE },
    );
  } finally {
    await runtime.close();
  }
  if (context.json)
    writeJson(
      context.io,
      items.map(({ object, version }) => ({
        id: object.id,
        namespace: object.namespace,
        name: object.name,
        type: object.type,
        version: version.version,
        size: version.size,
        sha256: version.sha256,
        labels: version.labels,
        updatedAt: object.updatedAt,
      })),
    );
  else if (items.length === 0) context.io.stdout(`no objects in ${namespace}\n`);
  else context.io.stdout(formatObjectTable(items));
  return 0;
}

function namespaceOf(options: ObjectListOptions): string {
  if ((options.pid === undefined) === (options.ns === undefined))
    throw new LibosError(
      'INVALID_INPUT',
      'Listing objects failed: name one namespace, with --pid <pid> or --ns <namespace>',
      { details: { option: '--ns' } },
    );
  if (options.pid !== undefined) return privateNamespace(parseId('process', options.pid));
  const namespace = options.ns ?? '';
  const problem = checkNamespaceName(namespace);
  if (problem !== null)
    throw new LibosError('INVALID_INPUT', `Listing objects failed: --ns: ${problem}`, {
      details: { option: '--ns' },
    });
  return namespace;
}
