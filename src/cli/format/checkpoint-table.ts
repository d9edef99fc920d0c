// Checkpoints as text: the `checkpoint list` table and `checkpoint show`'s facts and processes.
import type { Checkpoint } from '../../kernel/checkpoint/types.js';
import type { CheckpointCalls } from '../../runtime/checkpoints/operator-checkpoints.js';
import { formatTable } from './format-table.js';
import { printable } from './printable.js';
import { truncate } from './truncate.js';

/** A checkpoint with the summary `checkpoint show` prints. */
export type CheckpointView = Awaited<ReturnType<CheckpointCalls['get']>>;

/** One row per checkpoint: id, root, name, processes, objects, when and by whom. */
export function formatCheckpointTable(checkpoints: readonly Checkpoint[]): string {
  return formatTable(
    ['CHECKPOINT', 'ROOT', 'NAME', 'PROCS', 'OBJECTS', 'CREATED', 'BY'],
    checkpoints.map((c) => [
      c.id,
      c.rootPid,
      c.name === null ? '-' : truncate(c.name, 40),
      String(c.processCount),
      String(c.objectCount),
      new Date(c.createdAt).toISOString(),
      c.createdBy,
    ]),
  );
}

/** The checkpoint's facts, then one row per captured process; then what can be done with it. */
export function formatCheckpointView(view: CheckpointView): string {
  const lines = [
    `checkpoint  ${view.id}${view.name === null ? '' : ` "${printable(view.name)}"`}`,
    `root        ${view.rootPid}`,
    `created     ${new Date(view.createdAt).toISOString()} by ${view.createdBy}`,
    `journal     after seq ${view.journalSeq}`,
    `holds       ${view.processes.length} processes, ${view.capabilities} records, ${view.objectCount} objects, ${view.pendingRequests} pending requests`,
    `manifest    sha256 ${view.manifestSha256}`,
    '',
  ];
  const processes = formatTable(
    ['PID', 'PARENT', 'STATE', 'TRANSCRIPT', 'UNREAD'],
    view.processes.map((p) => [
      p.pid,
      p.parentPid ?? '-',
      p.state,
      String(p.transcriptEntries),
      String(p.unread),
    ]),
  );
  return `${lines.join('\n')}\n${processes}\nsee what changed since with \`agent-libos checkpoint diff ${view.id}\`\n`;
}
