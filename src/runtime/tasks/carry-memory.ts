// A continuation's Object Memory: the previous run's private objects, linked by reference.
import { LibosError } from '../../base/errors.js';
import type { Pid } from '../../base/ids.js';
import { privateNamespace } from '../../kernel/object/types.js';
import type { CommandScope } from '../commands/command-scope.js';
import type { RuntimeDeps } from '../deps.js';
import { linkVersion } from '../objects/link-object.js';

const PAGE = 500;

/**
 * In the follow-up's command: links every live object of `from`'s private namespace into
 * `to`'s under the same name — a new object whose version 1 is the latest version there, sharing
 * its payload by sha256 (no byte is copied), with its type, schema and labels and the old
 * `obj_…@N` as its source (`object.linked` each). So the continuation reads and updates its
 * memory by the names the earlier run used, in its own private namespace, while the earlier
 * run's objects and their history stay as they were. Deleted objects stay deleted. Returns how
 * many objects it linked.
 */
export async function carryMemory(
  scope: CommandScope,
  deps: RuntimeDeps,
  input: { readonly from: Pid; readonly to: Pid },
): Promise<number> {
  const namespace = privateNamespace(input.from);
  const target = privateNamespace(input.to);
  let linked = 0;
  for (let afterName: string | undefined; ;) {
    const page = await scope.tx.listObjects({
      namespace,
      limit: PAGE,
      ...(afterName === undefined ? {} : { afterName }),
    });
    for (const source of page) {
      const from = await scope.tx.getVersion(source.id, source.latestVersion);
      if (from === undefined)
        throw new LibosError(
          'STORE_CORRUPT',
          `Following up a task failed: ${source.id} has no version ${source.latestVersion}`,
        );
      await linkVersion(scope, deps, {
        source,
        from,
        to: { namespace: target, name: source.name },
        creator: scope.actor,
        journalPid: input.to,
      });
      linked += 1;
    }
    afterName = page.at(-1)?.name;
    if (page.length < PAGE || afterName === undefined) return linked;
  }
}
