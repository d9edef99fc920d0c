// Reads what the tour left in its database: processes, timeline, verification, approvals, denials.
import type { Json } from '../../base/canonical-json.js';
import type { Pid } from '../../base/ids.js';
import type { HumanRequest } from '../../kernel/approval/types.js';
import type { JournalEntry } from '../../kernel/journal/entry.js';
import type { AgentProcess } from '../../kernel/process/types.js';
import { verifyJournal, type JournalVerification } from '../../runtime/verify-journal.js';
import type { CliContext } from '../cli-context.js';
import { collectPages } from '../../base/collect-pages.js';
import { openReadRuntime } from '../open-read-runtime.js';
import { collectTrees } from '../run/collect-tree.js';
import { buildTimeline, type TimelineEvent } from './build-timeline.js';

/** A denied syscall, from its `syscall.denied` journal entry. */
export interface DemoDenial {
  readonly seq: number;
  readonly pid: string | null;
  /** The process's name, when it has one. */
  readonly name: string | null;
  readonly syscall: string;
  readonly resource: string;
  readonly rights: readonly string[];
  readonly code: string;
}

/** The tour's outcome as read back from the database. */
export interface DemoReport {
  readonly processes: readonly AgentProcess[];
  readonly timeline: readonly TimelineEvent[];
  readonly journal: JournalVerification;
  /** Every human request, whatever its state (the writer's is answered `allow_once`). */
  readonly approvals: readonly HumanRequest[];
  readonly denials: readonly DemoDenial[];
}

const PAGE = 1_000;

/**
 * Opens the demo database read-only and reads the tree under `root`, the whole journal (verified
 * in one snapshot and turned into the timeline), every request and every denial.
 */
export async function readDemoReport(
  context: CliContext,
  options: { root: Pid },
): Promise<DemoReport> {
  const runtime = await openReadRuntime(context);
  try {
    const journal = await runtime.store.read((reader) => verifyJournal(reader, {}));
    const entries = await collectPages(
      (afterSeq: number | undefined, limit) =>
        runtime.journal({ limit, ...(afterSeq === undefined ? {} : { afterSeq }) }),
      (entry: JournalEntry) => entry.seq,
      { pageSize: PAGE },
    );
    const processes = await collectTrees(runtime, [options.root]);
    const approvals = await collectPages(
      (afterId: HumanRequest['id'] | undefined, limit) =>
        runtime.requests({
          states: ['pending', 'answered', 'expired', 'cancelled'],
          limit,
          ...(afterId === undefined ? {} : { afterId }),
        }),
      (request) => request.id,
      { pageSize: PAGE },
    );
    const names = new Map(processes.map((p) => [p.pid as string, p.name]));
    const denials = entries
      .filter((entry) => entry.type === 'syscall.denied')
      .map((entry) => ({
        seq: entry.seq,
        pid: entry.pid,
        name: entry.pid === null ? null : (names.get(entry.pid) ?? null),
        syscall: text(entry.data.syscall),
        resource: text(entry.data.resource),
        rights: Array.isArray(entry.data.rights)
          ? (entry.data.rights as readonly Json[]).map(text)
          : [],
        code: text(entry.data.code),
      }));
    const timeline = buildTimeline(entries, { processes });
    return { processes, timeline, journal, approvals, denials };
  } finally {
    await runtime.close();
  }
}

function text(value: Json | undefined): string {
  return typeof value === 'string' ? value : JSON.stringify(value ?? null);
}
