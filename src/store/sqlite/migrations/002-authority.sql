-- 002-authority: capability records, durable human requests and effect intents.
-- Released migrations are never edited: add a new numbered file instead.

CREATE TABLE capabilities (
  id TEXT PRIMARY KEY NOT NULL,
  subject TEXT NOT NULL,
  kind TEXT NOT NULL,
  -- 'exact' | 'subtree' | 'any'; path is '' for 'any'. A decision looks up (subject, kind, match,
  -- path) for the exact path, each ancestor subtree and 'any': O(path depth) index probes.
  match TEXT NOT NULL,
  path TEXT NOT NULL,
  rights_json TEXT NOT NULL,
  effect TEXT NOT NULL,
  uses_remaining INTEGER,
  expires_at INTEGER,
  parent_id TEXT,
  delegable INTEGER NOT NULL,
  issued_by TEXT NOT NULL,
  approval TEXT,
  bound_call TEXT,
  depth INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  revoked_at INTEGER
);

CREATE INDEX capabilities_lookup ON capabilities (subject, kind, match, path) WHERE revoked_at IS NULL;
CREATE INDEX capabilities_by_subject ON capabilities (subject, id);
CREATE INDEX capabilities_by_parent ON capabilities (parent_id) WHERE parent_id IS NOT NULL;

CREATE TABLE human_requests (
  id TEXT PRIMARY KEY NOT NULL,
  pid TEXT NOT NULL,
  channel TEXT NOT NULL,
  kind TEXT NOT NULL,
  body_json TEXT NOT NULL,
  state_kind TEXT NOT NULL,
  state_json TEXT NOT NULL,
  deadline INTEGER,
  call_hash TEXT NOT NULL,
  consumed INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  version INTEGER NOT NULL
);

CREATE INDEX human_requests_by_state ON human_requests (state_kind, id);
CREATE INDEX human_requests_by_call ON human_requests (pid, call_hash);

CREATE TABLE effect_intents (
  id TEXT PRIMARY KEY NOT NULL,
  pid TEXT NOT NULL,
  syscall TEXT NOT NULL,
  resource TEXT NOT NULL,
  idempotency_key TEXT NOT NULL UNIQUE,
  state TEXT NOT NULL,
  code TEXT,
  created_at INTEGER NOT NULL,
  settled_at INTEGER
);

CREATE INDEX effect_intents_by_state ON effect_intents (state, id);
