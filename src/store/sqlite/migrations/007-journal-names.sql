-- 007-journal-names: journal types and pids named by small integers.
-- Released migrations are never edited: add a new numbered file instead.

-- Each distinct entry type and pid is stored once here; a journal row and its two indexes hold
-- its integer id instead of the text (a pid is 25 characters, a type about 17, on every entry).
-- Names are only ever added, so an id names the same text forever.
CREATE TABLE journal_names (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE
);
INSERT OR IGNORE INTO journal_names (name) SELECT DISTINCT type FROM journal ORDER BY type;
INSERT OR IGNORE INTO journal_names (name)
  SELECT DISTINCT pid FROM journal WHERE pid IS NOT NULL ORDER BY pid;

-- The journal rewritten with the ids (entries, hashes and seqs unchanged). `prev_hash` and `hash`
-- keep no declared type: 32-byte blobs since 006, hex text in rows written before.
CREATE TABLE journal_compact (
  seq INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  type_id INTEGER NOT NULL,
  pid_id INTEGER,
  actor TEXT NOT NULL,
  data_json TEXT NOT NULL,
  stream TEXT NOT NULL,
  prev_hash NOT NULL,
  hash NOT NULL
);
INSERT INTO journal_compact (seq, at, type_id, pid_id, actor, data_json, stream, prev_hash, hash)
  SELECT j.seq, j.at, t.id, p.id, j.actor, j.data_json, j.stream, j.prev_hash, j.hash
  FROM journal j
  JOIN journal_names t ON t.name = j.type
  LEFT JOIN journal_names p ON p.name = j.pid
  ORDER BY j.seq;
DROP TABLE journal;
ALTER TABLE journal_compact RENAME TO journal;

-- An index entry ends with the rowid, which is `seq`: indexing the id alone keeps (id, seq) order.
CREATE INDEX journal_by_pid ON journal (pid_id) WHERE pid_id IS NOT NULL;
CREATE INDEX journal_by_type ON journal (type_id);
