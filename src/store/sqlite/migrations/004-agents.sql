-- 004-agents: the durable transcript of each agent process and registered agent images.
-- Released migrations are never edited: add a new numbered file instead.

-- One row per transcript item (model turn, tool result, summary, note), in order per process.
CREATE TABLE transcript (
  pid TEXT NOT NULL,
  seq INTEGER NOT NULL,
  kind TEXT NOT NULL,
  item_json TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (pid, seq)
) WITHOUT ROWID;

CREATE TABLE images (
  id TEXT NOT NULL,
  version INTEGER NOT NULL,
  spec_json TEXT NOT NULL,
  registered_by TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (id, version)
) WITHOUT ROWID;

-- The call that took a message: a receive re-issued after a crash gets the same messages again.
ALTER TABLE messages ADD COLUMN delivered_key TEXT;
CREATE INDEX messages_by_delivery ON messages (to_pid, delivered_key) WHERE delivered_key IS NOT NULL;

-- Settings a process keeps across restarts (its model choice, retry state).
CREATE TABLE process_settings (
  pid TEXT NOT NULL,
  key TEXT NOT NULL,
  value_json TEXT NOT NULL,
  PRIMARY KEY (pid, key)
) WITHOUT ROWID;
