// `agent-libos approvals list`: human requests (pending by default), read-only, paged by id.
import type { HumanRequest, RequestId, RequestState } from '../../kernel/approval/types.js';
import type { Store } from '../../ports/store.js';
import type { CliContext } from '../cli-context.js';
import { collectPages } from '../../base/collect-pages.js';
import { formatRequestTable } from '../format/request-table.js';
import { writeJson } from '../format/write-json.js';
import { openReadStore } from '../open-read-store.js';

/** Raw `approvals list` options as commander parsed them. */
export interface ApprovalListOptions {
  /** Include answered, expired and cancelled requests. */
  readonly all?: boolean;
}

const PAGE = 500;
const EVERY_STATE: readonly RequestState['kind'][] = [
  'pending',
  'answered',
  'expired',
  'cancelled',
];

/** Every pending request (every request with `all`), read in pages by id. */
export function listRequests(store: Store, options: ApprovalListOptions): Promise<HumanRequest[]> {
  const states = options.all === true ? EVERY_STATE : (['pending'] as const);
  return collectPages(
    (afterId: RequestId | undefined, limit) =>
      store.read((r) =>
        r.listRequests({ states, limit, ...(afterId === undefined ? {} : { afterId }) }),
      ),
    (request) => request.id,
    { pageSize: PAGE },
  );
}

/**
 * Prints pending human requests (every request with `--all`) as a table of id, pid, kind, what
 * is asked, deadline and age, or as a JSON array of request records with `--json`. Returns the
 * exit code.
 * @throws NOT_FOUND when there is no database
 */
export async function runApprovalList(
  context: CliContext,
  options: ApprovalListOptions,
): Promise<number> {
  // Straight from the store: a read needs no runtime (and starts without loading one).
  const store = await openReadStore(context);
  let requests: HumanRequest[];
  try {
    requests = await listRequests(store, options);
  } finally {
    await store.close();
  }
  if (context.json) writeJson(context.io, requests);
  else if (requests.length === 0)
    context.io.stdout(options.all === true ? 'no requests\n' : 'no pending requests\n');
  else
    context.io.stdout(
      formatRequestTable(requests, { now: context.clock.now(), showState: options.all === true }),
    );
  return 0;
}
