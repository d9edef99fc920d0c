-- 001-init: processes, mailbox messages, the hash-chained journal and its per-stream heads.
-- Released migrations are never edited: add a new numbered file instead.

CREATE TABLE processes (
  pid TEXT PRIMARY KEY NOT NULL,
  parent_pid TEXT,
  image_id TEXT NOT NULL,
  goal TEXT NOT NULL,
  name TEXT,
  cwd TEXT NOT NULL,
  state_kind TEXT NOT NULL,
  state_json TEXT NOT NULL,
  -- Set only while the process waits on a timer, so due timers are found without a scan.
  wake_at INTEGER,
  budget_json TEXT NOT NULL,
  usage_json TEXT NOT NULL,
  on_budget_exceeded TEXT NOT NULL,
  fence INTEGER NOT NULL,
  pending_interrupts INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  version INTEGER NOT NULL
);

CREATE INDEX processes_by_state ON processes (state_kind, pid);
CREATE INDEX processes_by_parent ON processes (parent_pid, pid);
CREATE INDEX processes_by_wake_at ON processes (wake_at, pid) WHERE wake_at IS NOT NULL;

CREATE TABLE messages (
  id TEXT PRIMARY KEY NOT NULL,
  to_pid TEXT NOT NULL,
  from_actor TEXT NOT NULL,
  body_json TEXT NOT NULL,
  interrupt INTEGER NOT NULL,
  posted_at INTEGER NOT NULL,
  delivered_at INTEGER
);

CREATE INDEX messages_undelivered ON messages (to_pid, interrupt DESC, posted_at, id)
  WHERE delivered_at IS NULL;

CREATE TABLE journal (
  seq INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  type TEXT NOT NULL,
  pid TEXT,
  actor TEXT NOT NULL,
  data_json TEXT NOT NULL,
  stream TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);

CREATE INDEX journal_by_pid ON journal (pid, seq) WHERE pid IS NOT NULL;
CREATE INDEX journal_by_type ON journal (type, seq);

-- One row per writer stream (not per entry), updated in the transaction that appends.
CREATE TABLE journal_heads (
  stream TEXT PRIMARY KEY NOT NULL,
  seq INTEGER NOT NULL,
  hash TEXT NOT NULL
);
