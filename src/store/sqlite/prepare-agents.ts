// Prepared statements for transcripts, images, process settings and call outcomes.
import type Database from 'better-sqlite3';
import type { TranscriptRow } from './transcript-row.js';

/** The columns a transcript insert writes. */
export interface TranscriptInsert {
  readonly pid: string;
  readonly seq: number;
  readonly kind: string;
  readonly item_json: string;
  readonly created_at: number;
  readonly content_sha256: string | null;
}

/** Raw agent reads. */
export interface AgentReads {
  listTranscript(pid: string, afterSeq: number, limit: number): TranscriptRow[];
  getImage(id: string, version: number | undefined): string | undefined;
  listImages(afterId: string, afterVersion: number, limit: number): string[];
  getSetting(pid: string, key: string): string | undefined;
  getCallOutcome(key: string): string | undefined;
}

/** Prepares the agent reads of `db`. */
export function prepareAgentReads(db: Database.Database): AgentReads {
  const list = db.prepare<[string, number, number], TranscriptRow>(
    // A referenced tool result's content comes from `blobs` in the same read.
    'SELECT t.pid, t.seq, t.kind, t.item_json, t.created_at, t.content_sha256, b.bytes AS content ' +
      'FROM transcript t LEFT JOIN blobs b ON b.sha256 = t.content_sha256 ' +
      'WHERE t.pid = ? AND t.seq > ? ORDER BY t.seq LIMIT ?',
  );
  const latest = db
    .prepare<[string], string>(
      'SELECT spec_json FROM images WHERE id = ? ORDER BY version DESC LIMIT 1',
    )
    .pluck();
  const exact = db
    .prepare<[string, number], string>('SELECT spec_json FROM images WHERE id = ? AND version = ?')
    .pluck();
  const listed = db
    .prepare<[string, number, number], string>(
      'SELECT spec_json FROM images WHERE (id, version) > (?, ?) ORDER BY id, version LIMIT ?',
    )
    .pluck();
  const setting = db
    .prepare<[string, string], string>(
      'SELECT value_json FROM process_settings WHERE pid = ? AND key = ?',
    )
    .pluck();
  const outcome = db
    .prepare<[string], string>('SELECT value_json FROM call_outcomes WHERE call_key = ?')
    .pluck();
  return {
    getCallOutcome: (key) => outcome.get(key),
    listTranscript: (pid, afterSeq, limit) => list.all(pid, afterSeq, limit),
    getImage: (id, version) => (version === undefined ? latest.get(id) : exact.get(id, version)),
    listImages: (afterId, afterVersion, limit) => listed.all(afterId, afterVersion, limit),
    getSetting: (pid, key) => setting.get(pid, key),
  };
}

/** Prepared agent writes. */
export interface AgentWrites {
  readonly nextSeq: Database.Statement<[string], number>;
  readonly append: Database.Statement<[TranscriptInsert]>;
  readonly trim: Database.Statement<[string, number]>;
  readonly insertImage: Database.Statement<[string, number, string, string, number]>;
  readonly putSetting: Database.Statement<[string, string, string]>;
  readonly putCallOutcome: Database.Statement<[string, string, string, number]>;
  readonly deleteCallOutcomes: Database.Statement<[string]>;
}

/** Prepares the agent writes of the writing connection. */
export function prepareAgentWrites(db: Database.Database): AgentWrites {
  return {
    nextSeq: db
      .prepare<[string], number>('SELECT COALESCE(MAX(seq), 0) + 1 FROM transcript WHERE pid = ?')
      .pluck(),
    append: db.prepare(
      'INSERT INTO transcript (pid, seq, kind, item_json, created_at, content_sha256) ' +
        'VALUES (@pid, @seq, @kind, @item_json, @created_at, @content_sha256)',
    ),
    trim: db.prepare('DELETE FROM transcript WHERE pid = ? AND seq <= ?'),
    insertImage: db.prepare(
      'INSERT INTO images (id, version, spec_json, registered_by, created_at) VALUES (?, ?, ?, ?, ?)',
    ),
    putSetting: db.prepare(
      'INSERT INTO process_settings (pid, key, value_json) VALUES (?, ?, ?) ON CONFLICT (pid, key) DO UPDATE SET value_json = excluded.value_json',
    ),
    putCallOutcome: db.prepare(
      'INSERT INTO call_outcomes (call_key, pid, value_json, created_at) VALUES (?, ?, ?, ?)',
    ),
    deleteCallOutcomes: db.prepare('DELETE FROM call_outcomes WHERE pid = ?'),
  };
}
