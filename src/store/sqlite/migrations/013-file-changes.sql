-- 013-file-changes: the workspace files fs syscalls changed, with the pre-images they removed.
-- Released migrations are never edited: add a new numbered file instead.

-- One row per file path a call changed, written in the transaction that settles the call.
-- AUTOINCREMENT: a seq is never reused, not even after the rows above it were pruned, so a
-- checkpoint's high-water mark stays a true boundary. `before_sha256` names the regular file the
-- path held (NULL: none); when `pre_image_kept` is 1 its bytes are in `blobs` (shared with Object
-- Memory payloads, transcript results and Skill files). `after_sha256` NULL: the call removed it.
CREATE TABLE file_changes (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  pid TEXT NOT NULL,
  intent TEXT,
  call_key TEXT NOT NULL,
  syscall TEXT NOT NULL,
  path TEXT NOT NULL,
  before_sha256 TEXT,
  before_mode INTEGER,
  pre_image_kept INTEGER NOT NULL,
  after_sha256 TEXT,
  at INTEGER NOT NULL
);

-- A rollback lists the changes of a subtree's pids after a mark.
CREATE INDEX file_changes_by_pid ON file_changes (pid, seq);

-- Releasing a blob asks whether anything still references it: these make each question one
-- index probe instead of a scan (Skill files are few and are scanned).
CREATE INDEX file_changes_by_before ON file_changes (before_sha256)
  WHERE before_sha256 IS NOT NULL;
CREATE INDEX object_versions_by_sha256 ON object_versions (sha256);
CREATE INDEX transcript_by_content ON transcript (content_sha256)
  WHERE content_sha256 IS NOT NULL;
