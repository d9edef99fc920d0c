// Prepared statements and row mapping for checkpoints and a restore's writes (migration 014).
import type Database from 'better-sqlite3';
import { LibosError } from '../../base/errors.js';
import type { Pid } from '../../base/ids.js';
import type { Checkpoint, CheckpointId } from '../../kernel/checkpoint/types.js';
import type { Actor } from '../../kernel/process/types.js';
import type { MessageRow } from './message-row.js';

/** A row of `checkpoints` without its manifest. */
export interface CheckpointRow {
  readonly id: string;
  readonly root_pid: string;
  readonly name: string | null;
  readonly created_by: string;
  readonly created_at: number;
  readonly journal_seq: number;
  readonly file_change_seq: number;
  readonly process_count: number;
  readonly object_count: number;
  readonly manifest_sha256: string;
}

/** A message row with its restore mark. */
export type StoredMessageRow = MessageRow & { readonly superseded_by: string | null };

const COLUMNS =
  'id, root_pid, name, created_by, created_at, journal_seq, file_change_seq, process_count, ' +
  'object_count, manifest_sha256';

/** Raw checkpoint reads. */
export interface CheckpointReads {
  get(id: string): CheckpointRow | undefined;
  manifest(id: string): Buffer | undefined;
  list(query: { rootPid?: string; afterId?: string; limit: number }): CheckpointRow[];
  listSettings(pid: string): { key: string; value_json: string }[];
  getMessage(id: string): StoredMessageRow | undefined;
  journalTail(): number;
  listCallOutcomes(pid: string): { call_key: string; value_json: string }[];
}

/** Prepares the checkpoint reads of `db`. */
export function prepareCheckpointReads(db: Database.Database): CheckpointReads {
  const get = db.prepare<[string], CheckpointRow>(
    `SELECT ${COLUMNS} FROM checkpoints WHERE id = ?`,
  );
  const manifest = db
    .prepare<[string], Buffer>('SELECT manifest FROM checkpoints WHERE id = ?')
    .pluck();
  const all = db.prepare<[string, number], CheckpointRow>(
    `SELECT ${COLUMNS} FROM checkpoints WHERE id > ? ORDER BY id LIMIT ?`,
  );
  const ofRoot = db.prepare<[string, string, number], CheckpointRow>(
    `SELECT ${COLUMNS} FROM checkpoints WHERE root_pid = ? AND id > ? ORDER BY id LIMIT ?`,
  );
  const settings = db.prepare<[string], { key: string; value_json: string }>(
    'SELECT key, value_json FROM process_settings WHERE pid = ? ORDER BY key',
  );
  const message = db.prepare<[string], StoredMessageRow>(
    'SELECT id, to_pid, from_actor, body_json, interrupt, posted_at, delivered_at, superseded_by ' +
      'FROM messages WHERE id = ?',
  );
  const tail = db.prepare<[], number>('SELECT COALESCE(MAX(seq), 0) FROM journal').pluck();
  const outcomes = db.prepare<[string], { call_key: string; value_json: string }>(
    'SELECT call_key, value_json FROM call_outcomes WHERE pid = ? ORDER BY call_key',
  );
  return {
    get: (id) => get.get(id),
    journalTail: () => tail.get() ?? 0,
    listCallOutcomes: (pid) => outcomes.all(pid),
    manifest: (id) => manifest.get(id),
    list: (query) =>
      query.rootPid === undefined
        ? all.all(query.afterId ?? '', query.limit)
        : ofRoot.all(query.rootPid, query.afterId ?? '', query.limit),
    listSettings: (pid) => settings.all(pid),
    getMessage: (id) => message.get(id),
  };
}

/** Prepared checkpoint writes. */
export interface CheckpointWrites {
  readonly insert: Database.Statement<[CheckpointRow & { readonly manifest: Uint8Array }]>;
  readonly delete: Database.Statement<[string]>;
  readonly clearTranscript: Database.Statement<[string]>;
  readonly clearSettings: Database.Statement<[string]>;
  readonly undeliver: Database.Statement<[string]>;
  readonly supersede: Database.Statement<[string | null, string]>;
  readonly rekeyIntent: Database.Statement<[string | Buffer, string]>;
}

/** Prepares the checkpoint writes of the writing connection. */
export function prepareCheckpointWrites(db: Database.Database): CheckpointWrites {
  return {
    insert: db.prepare(
      `INSERT INTO checkpoints (${COLUMNS}, manifest) VALUES (@id, @root_pid, @name, @created_by, ` +
        '@created_at, @journal_seq, @file_change_seq, @process_count, @object_count, ' +
        '@manifest_sha256, @manifest)',
    ),
    delete: db.prepare('DELETE FROM checkpoints WHERE id = ?'),
    clearTranscript: db.prepare('DELETE FROM transcript WHERE pid = ?'),
    clearSettings: db.prepare('DELETE FROM process_settings WHERE pid = ?'),
    undeliver: db.prepare(
      'UPDATE messages SET delivered_at = NULL, delivered_key = NULL WHERE id = ?',
    ),
    supersede: db.prepare('UPDATE messages SET superseded_by = ? WHERE id = ?'),
    rekeyIntent: db.prepare('UPDATE effect_intents SET idempotency_key = ? WHERE id = ?'),
  };
}

/** The row for `checkpoint`. */
export function toCheckpointRow(checkpoint: Checkpoint): CheckpointRow {
  return {
    id: checkpoint.id,
    root_pid: checkpoint.rootPid,
    name: checkpoint.name,
    created_by: checkpoint.createdBy,
    created_at: checkpoint.createdAt,
    journal_seq: checkpoint.journalSeq,
    file_change_seq: checkpoint.fileChangeSeq,
    process_count: checkpoint.processCount,
    object_count: checkpoint.objectCount,
    manifest_sha256: checkpoint.manifestSha256,
  };
}

/** The checkpoint of `row`. */
export function fromCheckpointRow(row: CheckpointRow): Checkpoint {
  if (!/^[0-9a-f]{64}$/.test(row.manifest_sha256))
    throw new LibosError(
      'STORE_CORRUPT',
      `Reading checkpoint ${row.id} failed: a bad manifest hash`,
    );
  return {
    id: row.id as CheckpointId,
    rootPid: row.root_pid as Pid,
    name: row.name,
    createdBy: row.created_by as Actor,
    createdAt: row.created_at,
    journalSeq: row.journal_seq,
    fileChangeSeq: row.file_change_seq,
    processCount: row.process_count,
    objectCount: row.object_count,
    manifestSha256: row.manifest_sha256,
  };
}
