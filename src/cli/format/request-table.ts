// The `approvals list` table: one row per human request, what it asks cut to one cell.
import type { HumanRequest } from '../../kernel/approval/types.js';
import { describeRequest } from './describe-request.js';
import { formatAge } from './format-age.js';
import { formatTable } from './format-table.js';
import { truncate } from './truncate.js';

/**
 * The text table of `requests`: id, pid, kind, (state with `showState`), what is asked, deadline
 * (ISO, `-` for none, `(passed)` once due) and age relative to `now`.
 */
export function formatRequestTable(
  requests: readonly HumanRequest[],
  options: { now: number; showState: boolean },
): string {
  const headers = ['ID', 'PID', 'KIND', ...(options.showState ? ['STATE'] : []), 'ASKED'];
  const rows = requests.map((r) => [
    r.id,
    r.pid,
    r.body.kind,
    ...(options.showState ? [stateLabel(r)] : []),
    truncate(describeRequest(r.body), 72),
    deadlineLabel(r.deadline, options.now),
    formatAge(options.now - r.createdAt),
  ]);
  return formatTable([...headers, 'DEADLINE', 'AGE'], rows);
}

function stateLabel(request: HumanRequest): string {
  const { state } = request;
  switch (state.kind) {
    case 'pending':
    case 'expired':
      return state.kind;
    case 'cancelled':
      return 'cancelled';
    case 'answered':
      return state.decision === null ? 'answered' : `answered:${state.decision}`;
  }
}

function deadlineLabel(deadline: number | null, now: number): string {
  if (deadline === null) return '-';
  const iso = new Date(deadline).toISOString();
  return deadline <= now ? `${iso}(passed)` : iso;
}
