// The write statements of the writing connection, prepared once per store.
import type Database from 'better-sqlite3';
import type { JournalInsert } from './journal-row.js';
import type { MessageRow } from './message-row.js';
import type { ProcessRow } from './process-row.js';
import { prepareAuthorityWrites, type AuthorityWrites } from './prepare-authority.js';
import { prepareObjectWrites, type ObjectWrites } from './prepare-objects.js';
import { prepareAgentWrites, type AgentWrites } from './prepare-agents.js';
import { prepareSkillWrites, type SkillWrites } from './prepare-skills.js';
import { prepareTaskWrites, type TaskWrites } from './prepare-tasks.js';
import { prepareMcpWrites, type McpWrites } from './prepare-mcp.js';
import { prepareFlowWrites, type FlowWrites } from './prepare-flow.js';
import { prepareCheckpointWrites, type CheckpointWrites } from './prepare-checkpoints.js';
import { prepareFileChangeWrites, type FileChangeWrites } from './prepare-file-changes.js';

/** A process row bound together with the version the stored row must still have. */
export type VersionedProcessRow = ProcessRow & { readonly expected_version: number };

/** The columns of a process row that decide whether an update has to touch its indexes. */
export type ProcessKeys = Pick<ProcessRow, 'version' | 'state_kind' | 'parent_pid' | 'wake_at'>;

/** Prepared statements for transaction control and every write a transaction makes. */
export interface SqliteWrites {
  readonly begin: Database.Statement<[]>;
  readonly commit: Database.Statement<[]>;
  readonly rollback: Database.Statement<[]>;
  readonly insertProcess: Database.Statement<[ProcessRow]>;
  /** Binds a process row plus `expected_version`, the version the stored row must have. */
  readonly updateProcess: Database.Statement<[VersionedProcessRow]>;
  /** Like `updateProcess` but leaves the indexed columns alone, so no index entry is rewritten. */
  readonly updateProcessUnindexed: Database.Statement<[VersionedProcessRow]>;
  /** The stored version and indexed columns of a process. */
  readonly processKeys: Database.Statement<[string], ProcessKeys>;
  readonly leaseOf: Database.Statement<
    [string],
    { readonly state_kind: string; readonly fence: number }
  >;
  readonly insertMessage: Database.Statement<[MessageRow]>;
  readonly markDelivered: Database.Statement<[number, string | null, string]>;
  readonly insertJournal: Database.Statement<[JournalInsert]>;
  readonly journalNameId: Database.Statement<[string], number>;
  readonly insertJournalName: Database.Statement<[string]>;
  readonly upsertHead: Database.Statement<[string, number, string]>;
  readonly lastSeq: Database.Statement<[], number>;
  readonly head: Database.Statement<[string], { seq: number; hash: string }>;
  readonly authority: AuthorityWrites;
  readonly objects: ObjectWrites;
  readonly agents: AgentWrites;
  readonly skills: SkillWrites;
  readonly tasks: TaskWrites;
  readonly mcp: McpWrites;
  readonly flow: FlowWrites;
  readonly checkpoints: CheckpointWrites;
  readonly fileChanges: FileChangeWrites;
}

/** Prepares the write statements of `db`, the connection holding the writer lock. */
export function prepareWrites(db: Database.Database): SqliteWrites {
  return {
    // IMMEDIATE takes the write lock up front, so a transaction never fails half-way on upgrade.
    begin: db.prepare('BEGIN IMMEDIATE'),
    commit: db.prepare('COMMIT'),
    rollback: db.prepare('ROLLBACK'),
    insertProcess: db.prepare(
      'INSERT INTO processes (pid, parent_pid, image_id, image_version, goal, name, cwd, state_kind, state_json, ' +
        'wake_at, budget_json, usage_json, on_budget_exceeded, fence, pending_interrupts, ' +
        'created_at, updated_at, version) VALUES (@pid, @parent_pid, @image_id, @image_version, @goal, ' +
        '@name, @cwd, @state_kind, @state_json, @wake_at, @budget_json, @usage_json, ' +
        '@on_budget_exceeded, @fence, @pending_interrupts, @created_at, @updated_at, @version)',
    ),
    updateProcess: db.prepare(
      'UPDATE processes SET parent_pid = @parent_pid, image_id = @image_id, ' +
        'image_version = @image_version, goal = @goal, ' +
        'name = @name, cwd = @cwd, state_kind = @state_kind, state_json = @state_json, ' +
        'wake_at = @wake_at, budget_json = @budget_json, usage_json = @usage_json, ' +
        'on_budget_exceeded = @on_budget_exceeded, fence = @fence, ' +
        'pending_interrupts = @pending_interrupts, created_at = @created_at, ' +
        'updated_at = @updated_at, version = @version ' +
        'WHERE pid = @pid AND version = @expected_version',
    ),
    updateProcessUnindexed: db.prepare(
      'UPDATE processes SET image_id = @image_id, image_version = @image_version, ' +
        'goal = @goal, name = @name, cwd = @cwd, ' +
        'state_json = @state_json, budget_json = @budget_json, usage_json = @usage_json, ' +
        'on_budget_exceeded = @on_budget_exceeded, fence = @fence, ' +
        'pending_interrupts = @pending_interrupts, created_at = @created_at, ' +
        'updated_at = @updated_at, version = @version ' +
        'WHERE pid = @pid AND version = @expected_version',
    ),
    processKeys: db.prepare(
      'SELECT version, state_kind, parent_pid, wake_at FROM processes WHERE pid = ?',
    ),
    leaseOf: db.prepare('SELECT state_kind, fence FROM processes WHERE pid = ?'),
    insertMessage: db.prepare(
      'INSERT INTO messages (id, to_pid, from_actor, body_json, interrupt, posted_at, ' +
        'delivered_at) VALUES (@id, @to_pid, @from_actor, @body_json, @interrupt, @posted_at, ' +
        '@delivered_at)',
    ),
    markDelivered: db.prepare(
      'UPDATE messages SET delivered_at = ?, delivered_key = ? WHERE id = ? AND delivered_at IS NULL',
    ),
    insertJournal: db.prepare(
      'INSERT INTO journal (seq, at, type_id, pid_id, actor, data_json, stream, prev_hash, hash) ' +
        'VALUES (@seq, @at, @type_id, @pid_id, @actor, @data_json, @stream, @prev_hash, @hash)',
    ),
    journalNameId: db
      .prepare<[string], number>('SELECT id FROM journal_names WHERE name = ?')
      .pluck(),
    insertJournalName: db.prepare<[string]>('INSERT INTO journal_names (name) VALUES (?)'),
    upsertHead: db.prepare(
      'INSERT INTO journal_heads (stream, seq, hash) VALUES (?, ?, ?) ' +
        'ON CONFLICT (stream) DO UPDATE SET seq = excluded.seq, hash = excluded.hash',
    ),
    lastSeq: db.prepare<[], number>('SELECT seq FROM journal ORDER BY seq DESC LIMIT 1').pluck(),
    head: db.prepare<[string], { seq: number; hash: string }>(
      'SELECT seq, hash FROM journal_heads WHERE stream = ?',
    ),
    authority: prepareAuthorityWrites(db),
    objects: prepareObjectWrites(db),
    agents: prepareAgentWrites(db),
    skills: prepareSkillWrites(db),
    tasks: prepareTaskWrites(db),
    mcp: prepareMcpWrites(db),
    flow: prepareFlowWrites(db),
    checkpoints: prepareCheckpointWrites(db),
    fileChanges: prepareFileChangeWrites(db),
  };
}
