-- 009-skills: the Skill registry. Each row is one immutable snapshot of a Skill folder; the files'
-- bytes live in `blobs` by sha256 (shared with Object Memory and tool results).
-- Released migrations are never edited: add a new numbered file instead.

CREATE TABLE skills (
  name TEXT NOT NULL,
  version INTEGER NOT NULL,
  description TEXT NOT NULL,
  -- sha256 of the snapshot (canonical JSON of every file's path, sha256 and size).
  sha256 TEXT NOT NULL,
  -- [{ path, size, sha256 }] sorted by path.
  files_json TEXT NOT NULL,
  -- The other front-matter fields, as JSON.
  metadata_json TEXT NOT NULL,
  registered_by TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  -- Set on every version of a name by `skill rm`; a later registration starts live again.
  removed_at INTEGER,
  PRIMARY KEY (name, version)
) WITHOUT ROWID;
