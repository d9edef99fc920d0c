// What a committed image gives each new process: its objects linked in, its JIT tools in the table.
import type { Json } from '../../base/canonical-json.js';
import { LibosError } from '../../base/errors.js';
import type { Pid } from '../../base/ids.js';
import { formatImageRef } from '../../kernel/agent/image-ref.js';
import {
  JIT_TABLE_SETTING,
  MAX_JIT_TOOLS,
  parseJitTable,
  type JitToolEntry,
} from '../../kernel/agent/jit-tool.js';
import type { AgentImage } from '../../kernel/agent/types.js';
import { parseObjectRef } from '../../kernel/object/object-ref.js';
import { privateNamespace } from '../../kernel/object/types.js';
import type { RuntimeDeps } from '../deps.js';
import { linkVersion } from '../objects/link-object.js';
import type { CommandScope } from './command-scope.js';

/**
 * In the spawn's command, after the child's namespace exists: links each object `image` carries
 * (the committed version, payload shared by hash, labels kept, `runtime` as creator) into the
 * child's private namespace, and adds the image's JIT tools to its table (a tool the parent
 * passed on under the same name keeps the parent's entry). Journals `object.linked` per object
 * and `image.seeded`. An image without objects or JIT tools costs nothing.
 * @throws STORE_CORRUPT (a committed version is gone or no longer hashes to what was committed),
 *   OUT_OF_RANGE (more JIT tools than a table holds)
 */
export async function seedImage(
  scope: CommandScope,
  deps: RuntimeDeps,
  input: { readonly pid: Pid; readonly image: AgentImage },
): Promise<void> {
  const objects = input.image.objects ?? [];
  const tools = input.image.jitTools ?? [];
  if (objects.length === 0 && tools.length === 0) return;
  const ref = formatImageRef(input.image);
  const failed = `Seeding ${input.pid} from image ${ref} failed`;
  for (const carried of objects) {
    const pinned = parseObjectRef(carried.source);
    const source = pinned === null ? undefined : await scope.tx.getObject(pinned.id);
    const from =
      pinned?.version == null ? undefined : await scope.tx.getVersion(pinned.id, pinned.version);
    if (source === undefined || from === undefined || from.sha256 !== carried.sha256)
      throw new LibosError(
        'STORE_CORRUPT',
        `${failed}: object version ${carried.source} is gone or altered`,
        {
          details: { image: ref, object: carried.source },
        },
      );
    await linkVersion(scope, deps, {
      source,
      from,
      to: { namespace: privateNamespace(input.pid), name: carried.name },
      creator: 'runtime',
      journalPid: input.pid,
    });
  }
  const table: Record<string, JitToolEntry> = {
    ...Object.fromEntries(tools.map((tool) => [tool.name, tool])),
    ...parseJitTable(await scope.tx.getSetting(input.pid, JIT_TABLE_SETTING)),
  };
  if (Object.keys(table).length > MAX_JIT_TOOLS)
    throw new LibosError('OUT_OF_RANGE', `${failed}: more than ${MAX_JIT_TOOLS} JIT tools`);
  if (tools.length > 0)
    await scope.tx.putSetting(input.pid, JIT_TABLE_SETTING, table as unknown as Json);
  scope.journal('image.seeded', input.pid, {
    image: ref,
    objects: objects.map((o) => o.name),
    tools: tools.map((t) => t.name),
  });
}
