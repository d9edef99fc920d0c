// What `checkpoint diff`, `restore` and `fork` print: every change named, nothing left unsaid.
import type { ManifestDiff } from '../../kernel/checkpoint/diff-manifests.js';
import type { CheckpointCalls } from '../../runtime/checkpoints/operator-checkpoints.js';
import { printable } from './printable.js';

/** What a restore answers. */
export type RestoreReport = Awaited<ReturnType<CheckpointCalls['restore']>>;
/** What a fork answers. */
export type ForkReport = Awaited<ReturnType<CheckpointCalls['fork']>>;

const INDENT = '  ';

/** `label: a, b, c`, or nothing for an empty list. */
function listed(label: string, items: readonly string[]): string[] {
  return items.length === 0 ? [] : [`${label} (${items.length}): ${items.join(', ')}`];
}

/** The differences, one line per kind of change; `no differences` when there are none. */
export function formatManifestDiff(diff: ManifestDiff, header: string): string {
  const lines = [
    ...listed('processes added', diff.addedProcesses),
    ...listed('processes removed', diff.removedProcesses),
  ];
  for (const p of diff.changedProcesses) {
    const parts = [
      p.state === null ? null : `state ${p.state.from} → ${p.state.to}`,
      p.transcript === null ? null : `transcript seq ${p.transcript.from} → ${p.transcript.to}`,
      p.cwd === null ? null : `cwd ${printable(p.cwd.from)} → ${printable(p.cwd.to)}`,
      p.imageVersion === null
        ? null
        : `image version ${p.imageVersion.from} → ${p.imageVersion.to}`,
      p.unread === null ? null : `unread ${p.unread.from} → ${p.unread.to}`,
    ].filter((part) => part !== null);
    lines.push(`process ${p.pid}: ${parts.join('; ')}`);
  }
  lines.push(
    ...listed('records added', diff.addedCapabilities),
    ...listed('records removed', diff.removedCapabilities),
  );
  for (const o of diff.objects) {
    const change =
      o.from === null
        ? `added at v${o.to}`
        : o.to === null
          ? `removed (was v${o.from})`
          : `v${o.from} → v${o.to}`;
    lines.push(`object ${o.id} ${printable(o.namespace)}/${printable(o.name)}: ${change}`);
  }
  lines.push(
    ...listed('requests raised', diff.addedRequests),
    ...listed('requests no longer pending', diff.removedRequests),
  );
  return `${header}\n${lines.length === 0 ? 'no differences\n' : `${lines.map((l) => INDENT + l).join('\n')}\n`}`;
}

/**
 * What a restore changed, then what it could not undo: every external effect made since the
 * checkpoint and every message that left the subtree, listed one per line (never summarised
 * away: a person must see what the world still holds).
 */
export function formatRestoreReport(report: RestoreReport): string {
  const lines = [
    `restored ${report.checkpoint}: ${report.restored.join(', ')}`,
    ...listed('killed, spawned since', report.killed),
    ...listed('revoked, granted since', report.revoked),
    ...listed('still revoked, revoked since and not brought back', report.stillRevoked),
    ...(report.cancelled === 0 ? [] : [`cancelled ${report.cancelled} requests raised since`]),
    ...listed('superseded, sent since', report.superseded),
    ...listed('back in mailboxes, received since', report.returned),
    `objects: ${report.objects.restored} put back, ${report.objects.removed} removed`,
  ];
  const external = report.external.map(
    (e) =>
      `${INDENT}seq ${e.seq}  ${e.pid}  ${printable(e.syscall)}  ${printable(e.resource)}  (${e.intent})`,
  );
  lines.push(
    report.external.length === 0
      ? 'external effects since the checkpoint: none'
      : `NOT undone: ${report.external.length} external effects since the checkpoint:`,
    ...external,
  );
  lines.push(
    report.messagesOut.length === 0
      ? 'messages out of the subtree since the checkpoint: none'
      : `NOT undone: ${report.messagesOut.length} messages sent out of the subtree since the checkpoint (superseded, but they may have been read):`,
    ...report.messagesOut.map((id) => INDENT + id),
  );
  const { files } = report;
  if (files !== null)
    lines.push(
      `files: ${files.restored.length} put back, ${files.deleted.length} removed, ${files.unchanged.length} already as at the checkpoint`,
      ...files.conflicts.map(
        (c) => `${INDENT}${printable(c.path)}: changed by someone else since, put back (--force)`,
      ),
      ...files.skipped.map((s) => `${INDENT}${printable(s.path)}: left alone (${s.reason})`),
    );
  return `${lines.join('\n')}\n`;
}

/** The fork's new root, each pid's copy, and what came along. */
export function formatForkReport(report: ForkReport): string {
  return [
    `forked ${report.checkpoint} into ${report.root}`,
    ...report.pids.map((p) => `${INDENT}${p.from} → ${p.to}`),
    `records copied: ${report.capabilities} (left behind: ${report.left}); objects linked: ${report.objects}`,
    'it runs on the next `agent-libos resume`, or at once while a runtime is live',
    '',
  ].join('\n');
}
