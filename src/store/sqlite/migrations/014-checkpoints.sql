-- 014-checkpoints: snapshots of a process subtree, and messages a restore superseded.
-- Released migrations are never edited: add a new numbered file instead.

-- One row per checkpoint. `manifest` is the canonical JSON of what was captured (process rows,
-- capability records, mailbox, pending requests, transcripts, settings, taints, and Object Memory
-- rows by reference: ids and version numbers, never payload bytes). `journal_seq` is the journal's
-- head when it was taken; `file_change_seq` the last workspace file change recorded before it.
CREATE TABLE checkpoints (
  id TEXT PRIMARY KEY NOT NULL,
  root_pid TEXT NOT NULL,
  name TEXT,
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  journal_seq INTEGER NOT NULL,
  file_change_seq INTEGER NOT NULL,
  process_count INTEGER NOT NULL,
  object_count INTEGER NOT NULL,
  manifest_sha256 TEXT NOT NULL,
  manifest BLOB NOT NULL
) WITHOUT ROWID;
CREATE INDEX checkpoints_by_root ON checkpoints (root_pid, id);

-- A message a restore superseded: sent by the subtree after the checkpoint it went back to. An
-- undelivered superseded message is never delivered; a delivered one stays, marked.
ALTER TABLE messages ADD COLUMN superseded_by TEXT;
