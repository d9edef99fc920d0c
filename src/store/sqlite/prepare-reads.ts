// The read queries of one SQLite connection, prepared once and returning raw rows.
import type Database from 'better-sqlite3';
import type { JournalHead, JournalQuery, ProcessQuery } from '../../ports/store.js';
import type { JournalRow } from './journal-row.js';
import type { MessageRow } from './message-row.js';
import type { ProcessRow } from './process-row.js';
import { prepareAuthorityReads, type AuthorityReads } from './prepare-authority.js';
import { prepareObjectReads, type ObjectReads } from './prepare-objects.js';
import { prepareAgentReads, type AgentReads } from './prepare-agents.js';
import { prepareSkillReads, type SkillReads } from './prepare-skills.js';
import { prepareTaskReads, type TaskReads } from './prepare-tasks.js';
import { prepareMcpReads, type McpReads } from './prepare-mcp.js';
import { prepareFlowReads, type FlowReads } from './prepare-flow.js';
import { prepareCheckpointReads, type CheckpointReads } from './prepare-checkpoints.js';
import { prepareFileChangeReads, type FileChangeReads } from './prepare-file-changes.js';
import { createVariantRunner, whereClause } from './statement-variants.js';

/** Raw-row reads over one connection; the reader classes map rows to kernel types. */
export interface SqliteReads {
  getProcess(pid: string): ProcessRow | undefined;
  listProcesses(query: ProcessQuery): ProcessRow[];
  listPidsInState(state: string, afterPid: string, limit: number): string[];
  listDueTimers(now: number, limit: number): string[];
  nextTimerAt(): number | undefined;
  listUndelivered(pid: string, limit: number): MessageRow[];
  listDeliveredByKey(pid: string, key: string): MessageRow[];
  listJournal(query: JournalQuery): JournalRow[];
  journalHeads(): JournalHead[];
  readonly authority: AuthorityReads;
  readonly objects: ObjectReads;
  readonly agents: AgentReads;
  readonly skills: SkillReads;
  readonly tasks: TaskReads;
  readonly mcp: McpReads;
  readonly flow: FlowReads;
  readonly checkpoints: CheckpointReads;
  readonly fileChanges: FileChangeReads;
}

/**
 * A journal row's columns (table alias `j`) with its type and pid names; a `prev_hash` stored
 * empty is the hash of the row before it (`journal-row.ts#DERIVED_PREV_HASH`), looked up by key.
 */
const JOURNAL_FROM =
  'SELECT j.seq, j.at, t.name AS type, n.name AS pid, j.actor, j.data_json, j.stream, ' +
  'CASE WHEN length(j.prev_hash) = 0 THEN (SELECT p.hash FROM journal p WHERE p.seq = j.seq - 1) ' +
  'ELSE j.prev_hash END AS prev_hash, j.hash FROM journal j ' +
  'LEFT JOIN journal_names t ON t.id = j.type_id LEFT JOIN journal_names n ON n.id = j.pid_id';

const PROCESS_COLUMNS =
  'pid, parent_pid, image_id, image_version, goal, name, cwd, state_kind, state_json, wake_at, budget_json, ' +
  'usage_json, on_budget_exceeded, fence, pending_interrupts, created_at, updated_at, version';

/**
 * Prepares the fixed queries of `db` and returns reads over them. Listings with optional filters
 * build one SQL text per combination of filters, each prepared on first use and then reused, so
 * every variant keeps a plain range condition the planner can serve from an index.
 */
export function prepareReads(db: Database.Database): SqliteReads {
  const getProcess = db.prepare<[string], ProcessRow>(
    `SELECT ${PROCESS_COLUMNS} FROM processes WHERE pid = ?`,
  );
  const listPidsInState = db
    .prepare<[string, string, number], string>(
      'SELECT pid FROM processes WHERE state_kind = ? AND pid > ? ORDER BY pid LIMIT ?',
    )
    .pluck();
  const listDueTimers = db
    .prepare<[number, number], string>(
      'SELECT pid FROM processes WHERE wake_at IS NOT NULL AND wake_at <= ? ' +
        'ORDER BY wake_at, pid LIMIT ?',
    )
    .pluck();
  const nextTimerAt = db
    .prepare<[], number>(
      'SELECT wake_at FROM processes WHERE wake_at IS NOT NULL ORDER BY wake_at LIMIT 1',
    )
    .pluck();
  const listUndelivered = db.prepare<[string, number], MessageRow>(
    'SELECT id, to_pid, from_actor, body_json, interrupt, posted_at, delivered_at FROM messages ' +
      'WHERE to_pid = ? AND delivered_at IS NULL AND superseded_by IS NULL ORDER BY interrupt DESC, posted_at, id LIMIT ?',
  );
  const deliveredByKey = db.prepare<[string, string], MessageRow>(
    'SELECT id, to_pid, from_actor, body_json, interrupt, posted_at, delivered_at FROM messages ' +
      'WHERE to_pid = ? AND delivered_key = ? ORDER BY interrupt DESC, posted_at, id',
  );
  const journalHeads = db.prepare<[], JournalHead>(
    'SELECT stream, seq, hash FROM journal_heads ORDER BY stream',
  );
  const all = createVariantRunner(db);

  return {
    getProcess: (pid) => getProcess.get(pid),
    listProcesses(query) {
      const where: string[] = [];
      const params: unknown[] = [];
      if (query.afterPid !== undefined) {
        where.push('pid > ?');
        params.push(query.afterPid);
      }
      if (query.states !== undefined) {
        if (query.states.length === 0) return [];
        where.push(`state_kind IN (${query.states.map(() => '?').join(', ')})`);
        params.push(...query.states);
      }
      if (query.parentPid !== undefined) {
        where.push('parent_pid = ?');
        params.push(query.parentPid);
      }
      params.push(query.limit);
      return all<ProcessRow>(
        `SELECT ${PROCESS_COLUMNS} FROM processes${whereClause(where)} ORDER BY pid LIMIT ?`,
        params,
      );
    },
    listPidsInState: (state, afterPid, limit) => listPidsInState.all(state, afterPid, limit),
    listDueTimers: (now, limit) => listDueTimers.all(now, limit),
    nextTimerAt: () => nextTimerAt.get(),
    listUndelivered: (pid, limit) => listUndelivered.all(pid, limit),
    listDeliveredByKey: (pid, key) => deliveredByKey.all(pid, key),
    listJournal(query) {
      const where: string[] = [];
      const params: unknown[] = [];
      if (query.afterSeq !== undefined) {
        where.push('j.seq > ?');
        params.push(query.afterSeq);
      }
      // By id, so the (id, seq) indexes serve the filter in seq order.
      if (query.pid !== undefined) {
        where.push('j.pid_id = (SELECT id FROM journal_names WHERE name = ?)');
        params.push(query.pid);
      }
      if (query.type !== undefined) {
        where.push('j.type_id = (SELECT id FROM journal_names WHERE name = ?)');
        params.push(query.type);
      }
      params.push(query.limit);
      return all<JournalRow>(`${JOURNAL_FROM}${whereClause(where)} ORDER BY j.seq LIMIT ?`, params);
    },
    journalHeads: () => journalHeads.all(),
    authority: prepareAuthorityReads(db),
    objects: prepareObjectReads(db),
    agents: prepareAgentReads(db),
    skills: prepareSkillReads(db),
    tasks: prepareTaskReads(db),
    mcp: prepareMcpReads(db),
    flow: prepareFlowReads(db),
    checkpoints: prepareCheckpointReads(db),
    fileChanges: prepareFileChangeReads(db),
  };
}
