// `agent-libos approvals watch`: prints human requests as they arrive; at a terminal, decides them.
import type { HumanRequest, RequestId } from '../../kernel/approval/types.js';
import type { Store } from '../../ports/store.js';
import { delay } from '../../base/abort.js';
import { LibosError, toLibosError } from '../../base/errors.js';
import type { CliContext, CliEnvironment } from '../cli-context.js';
import { describeRequest } from '../format/describe-request.js';
import { printable } from '../format/printable.js';
import { openOperator } from '../live/open-operator.js';
import { openReadStore } from '../open-read-store.js';
import { askRequest } from '../prompt/ask-request.js';
import { InputReader } from '../prompt/input-reader.js';

/** How often the journal is read for new requests (a request shows within this). */
const POLL_MS = 200;
const PAGE = 500;

/**
 * Prints every pending request, then each new one as it is made, until Ctrl-C (exit 0): a line
 * per request, or one JSON record per line with `--json`. At a terminal (without `--json`) it
 * asks about each (a/A/d/D, a text answer, enter to skip) and decides it through the live
 * runtime when one runs (the process continues at once), else in the database. It reads the
 * database read-only, so it works with or without a live runtime and needs no token.
 * @throws NOT_FOUND (no database)
 */
export async function runApprovalWatch(context: CliContext): Promise<number> {
  const signal = context.signal;
  if (signal === undefined)
    throw new LibosError('INVALID_INPUT', 'Watching requests failed: it needs a stop signal');
  const store = await openReadStore(context);
  const terminal = context.json ? null : context.terminal;
  const reader = terminal === null ? null : new InputReader(terminal.input);
  try {
    let afterSeq = await headSeq(store);
    const seen = new Set<RequestId>();
    const show = async (request: HumanRequest): Promise<void> => {
      if (seen.has(request.id) || request.state.kind !== 'pending') return;
      seen.add(request.id);
      if (context.json) context.io.stdout(`${JSON.stringify(request)}\n`);
      else context.io.stdout(line(request));
      if (terminal !== null && reader !== null)
        await decide(context, request, { reader, terminal, signal });
    };
    for (const request of await pendingNow(store)) await show(request);
    while (!signal.aborted) {
      const entries = await store.read((r) =>
        r.listJournal({ afterSeq, limit: PAGE, type: 'approval.requested' }),
      );
      for (const entry of entries) {
        afterSeq = entry.seq;
        const id = entry.data.request;
        if (typeof id !== 'string') continue;
        const request = await store.read((r) => r.getRequest(id as RequestId));
        if (request !== undefined) await show(request);
      }
      if (entries.length < PAGE) await delay(POLL_MS, { signal }).catch(() => undefined);
    }
    return 0;
  } finally {
    reader?.close();
    await store.close();
  }
}

async function headSeq(store: Store): Promise<number> {
  const heads = await store.read((r) => r.journalHeads());
  return Math.max(0, ...heads.map((h) => h.seq));
}

async function pendingNow(store: Store): Promise<HumanRequest[]> {
  const all: HumanRequest[] = [];
  let afterId: RequestId | undefined;
  for (;;) {
    const page = await store.read((r) =>
      r.listRequests({
        states: ['pending'],
        limit: PAGE,
        ...(afterId === undefined ? {} : { afterId }),
      }),
    );
    all.push(...page);
    if (page.length < PAGE) return all;
    afterId = page.at(-1)?.id;
  }
}

function line(request: HumanRequest): string {
  return `${request.id} from ${request.pid}: ${request.body.kind}\n${describeRequest(request.body, { lines: 'quote' })}\n`;
}

async function decide(
  context: CliContext,
  request: HumanRequest,
  io: {
    reader: InputReader;
    terminal: NonNullable<CliEnvironment['terminal']>;
    signal: AbortSignal;
  },
): Promise<void> {
  const outcome = await askRequest(request, {
    reader: io.reader,
    output: io.terminal.output,
    setRaw: null,
    signal: io.signal,
  });
  if (outcome.type !== 'answer') {
    context.io.stdout('  skipped\n');
    return;
  }
  const operator = await openOperator(context, { attempted: 'Deciding a request' });
  try {
    const decided = await operator.calls.decide(request.id, outcome.answer);
    context.io.stdout(
      `  decided: ${decided.state.kind}${operator.live ? ' (the process continues now)' : ''}\n`,
    );
  } catch (error) {
    context.io.stdout(
      `  not decided: ${printable(toLibosError(error, 'Deciding a request').message)}\n`,
    );
  } finally {
    await operator.close();
  }
}
