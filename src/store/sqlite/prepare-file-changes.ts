// Prepared statements and row mapping for file changes and the release of unreferenced blobs (migration 013).
import type Database from 'better-sqlite3';
import type { Pid } from '../../base/ids.js';
import type { EffectId } from '../../kernel/effect/types.js';
import type { FileChange, FileChangeDraft } from '../../ports/file-change-store.js';

/** A row of `file_changes`. */
export interface FileChangeRow {
  readonly seq: number;
  readonly pid: string;
  readonly intent: string | null;
  readonly call_key: string;
  readonly syscall: string;
  readonly path: string;
  readonly before_sha256: string | null;
  readonly before_mode: number | null;
  readonly pre_image_kept: number;
  readonly after_sha256: string | null;
  readonly at: number;
}

const COLUMNS =
  'seq, pid, intent, call_key, syscall, path, before_sha256, before_mode, pre_image_kept, ' +
  'after_sha256, at';

/** Raw file change reads. */
export interface FileChangeReads {
  /** Changes of the pids (a JSON array) after a seq, in seq order. */
  list(pidsJson: string, afterSeq: number, limit: number): FileChangeRow[];
  highWater(): number;
}

/** Prepares the file change reads of `db`. */
export function prepareFileChangeReads(db: Database.Database): FileChangeReads {
  // Each pid is a range of the (pid, seq) index; the merged result is sorted by seq.
  const list = db.prepare<[string, number, number], FileChangeRow>(
    `SELECT ${COLUMNS} FROM file_changes WHERE pid IN (SELECT value FROM json_each(?)) ` +
      'AND seq > ? ORDER BY seq LIMIT ?',
  );
  // AUTOINCREMENT's counter: the greatest seq ever assigned, even when that row was pruned.
  const highWater = db
    .prepare<[], number>("SELECT seq FROM sqlite_sequence WHERE name = 'file_changes'")
    .pluck();
  return {
    list: (pidsJson, afterSeq, limit) => list.all(pidsJson, afterSeq, limit),
    highWater: () => highWater.get() ?? 0,
  };
}

/** The columns an insert binds (the store assigns `seq`; `kept` is the report's claim). */
export type FileChangeInsert = Omit<FileChangeRow, 'seq' | 'pre_image_kept'> & {
  readonly kept: number;
};

/** Prepared file change writes. */
export interface FileChangeWrites {
  /** Inserts a row; returns its seq and whether its pre-image is in `blobs` after all. */
  readonly insert: Database.Statement<[FileChangeInsert], { seq: number; pre_image_kept: number }>;
  /** The first rows with seq ≤ a mark (their pre-images), lowest first, at most a limit. */
  readonly oldest: Database.Statement<
    [number, number],
    { seq: number; before_sha256: string | null }
  >;
  readonly deleteThrough: Database.Statement<[number]>;
  /** Deletes a blob unless anything references it. */
  readonly releaseBlob: Database.Statement<[{ sha256: string }]>;
}

/** Prepares the file change writes of the writing connection. */
export function prepareFileChangeWrites(db: Database.Database): FileChangeWrites {
  return {
    // A pre-image counts as kept only if its blob is still there: a release that raced the
    // call between keeping the bytes and settling leaves an honest `false`, never a dangling hash.
    insert: db.prepare(
      'INSERT INTO file_changes (pid, intent, call_key, syscall, path, before_sha256, ' +
        'before_mode, pre_image_kept, after_sha256, at) VALUES (@pid, @intent, @call_key, ' +
        '@syscall, @path, @before_sha256, @before_mode, CASE WHEN @kept = 1 AND EXISTS ' +
        '(SELECT 1 FROM blobs WHERE sha256 = @before_sha256) THEN 1 ELSE 0 END, @after_sha256, ' +
        '@at) RETURNING seq, pre_image_kept',
    ),
    oldest: db.prepare(
      'SELECT seq, before_sha256 FROM file_changes WHERE seq <= ? ORDER BY seq LIMIT ?',
    ),
    deleteThrough: db.prepare('DELETE FROM file_changes WHERE seq <= ?'),
    // Every table that names a blob by its sha256 (migrations 003, 006, 009, 013).
    releaseBlob: db.prepare(
      'DELETE FROM blobs WHERE sha256 = @sha256 ' +
        'AND NOT EXISTS (SELECT 1 FROM object_versions WHERE sha256 = @sha256) ' +
        'AND NOT EXISTS (SELECT 1 FROM transcript WHERE content_sha256 = @sha256) ' +
        'AND NOT EXISTS (SELECT 1 FROM file_changes WHERE before_sha256 = @sha256) ' +
        'AND NOT EXISTS (SELECT 1 FROM skills s, json_each(s.files_json) f ' +
        "WHERE json_extract(f.value, '$.sha256') = @sha256)",
    ),
  };
}

/** The insert binding `draft`. */
export function toFileChangeInsert(draft: FileChangeDraft): FileChangeInsert {
  return {
    pid: draft.pid,
    intent: draft.intent,
    call_key: draft.callKey,
    syscall: draft.syscall,
    path: draft.path,
    before_sha256: draft.beforeSha256,
    before_mode: draft.beforeMode,
    kept: draft.preImageKept && draft.beforeSha256 !== null ? 1 : 0,
    after_sha256: draft.afterSha256,
    at: draft.at,
  };
}

/** The file change stored in `row`. */
export function fromFileChangeRow(row: FileChangeRow): FileChange {
  return {
    seq: row.seq,
    pid: row.pid as Pid,
    intent: row.intent as EffectId | null,
    callKey: row.call_key,
    syscall: row.syscall,
    path: row.path,
    beforeSha256: row.before_sha256,
    beforeMode: row.before_mode,
    preImageKept: row.pre_image_kept === 1,
    afterSha256: row.after_sha256,
    at: row.at,
  };
}
