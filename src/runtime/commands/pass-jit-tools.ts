// A child's JIT tools: a fork inherits its parent's whole table, a spawn only the tools it names.
import type { Json } from '../../base/canonical-json.js';
import { LibosError } from '../../base/errors.js';
import type { Pid } from '../../base/ids.js';
import {
  JIT_TABLE_SETTING,
  parseJitTable,
  selectJitTools,
  type JitTable,
} from '../../kernel/agent/jit-tool.js';
import type { CommandScope } from './command-scope.js';

/**
 * Copies the parent's JIT tools to a new child in the spawn's transaction: all of them for a
 * fork, the `names` asked for a spawn (none when it asks for none). The entries pin the same
 * source versions, so the child runs exactly what its parent registered. Journals
 * `tool.inherited` when something passes.
 * @throws INVALID_INPUT when a spawn names a tool the parent has not registered
 */
export async function passJitTools(
  scope: CommandScope,
  link: { parent: Pid; child: Pid; kind: 'spawned' | 'forked'; names?: readonly string[] },
): Promise<void> {
  if (link.kind === 'spawned' && (link.names === undefined || link.names.length === 0)) return;
  const table = parseJitTable(await scope.tx.getSetting(link.parent, JIT_TABLE_SETTING));
  let passed: JitTable = table;
  if (link.kind === 'spawned') {
    const selected = selectJitTools(table, link.names ?? []);
    if (!selected.ok)
      throw new LibosError(
        'INVALID_INPUT',
        `Spawning a process failed: no registered tool ${selected.missing.join(', ')} to pass on`,
      );
    passed = selected.table;
  }
  const names = Object.keys(passed);
  if (names.length === 0) return;
  await scope.tx.putSetting(link.child, JIT_TABLE_SETTING, passed as unknown as Json);
  scope.journal('tool.inherited', link.child, { from: link.parent, names });
}
