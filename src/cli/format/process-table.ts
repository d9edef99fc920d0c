// The process table shared by `ps` and `demo`: one row per process, goal cut short.
import { formatImageRef } from '../../kernel/agent/image-ref.js';
import type { AgentProcess } from '../../kernel/process/types.js';
import { describeState } from './describe-state.js';
import { formatTable } from './format-table.js';
import { truncate } from './truncate.js';

const HEADERS = ['PID', 'PARENT', 'NAME', 'STATE', 'IMAGE', 'GOAL', 'USAGE q/tc/ch/tok'];

/** The text table of `processes`; usage is quanta/toolCalls/children/tokens. */
export function formatProcessTable(processes: readonly AgentProcess[]): string {
  const rows = processes.map((p) => [
    p.pid,
    p.parentPid ?? '-',
    p.name ?? '-',
    describeState(p.state),
    truncate(formatImageRef({ id: p.imageId, version: p.imageVersion }), 28),
    truncate(p.goal, 40),
    `${p.usage.quanta}/${p.usage.toolCalls}/${p.usage.children}/${p.usage.tokens}`,
  ]);
  return formatTable(HEADERS, rows);
}
