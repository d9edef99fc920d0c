-- 005-hardening: answers never cross requests; state changes made by a call are idempotent.
-- Released migrations are never edited: add a new numbered file instead.

-- What a request is for: 'gate' (the pipeline asks whether a call may proceed, an `ask` record)
-- or 'answer' (a syscall asks a human for its own result: a question, a grant request). A call
-- re-issued after a decision finds only the request of its own purpose, so the answer to "may it
-- ask?" is never taken for the answer to what it asks.
ALTER TABLE human_requests ADD COLUMN purpose TEXT NOT NULL DEFAULT 'answer';
UPDATE human_requests SET purpose = 'gate'
  WHERE kind = 'permission' AND json_extract(body_json, '$.grant') = 0;
DROP INDEX human_requests_by_call;
CREATE INDEX human_requests_by_call ON human_requests (pid, call_hash, purpose);

-- The outcome of a state-changing call (spawn, send, delegate, …), keyed by the call
-- (sha256 of pid and call id) and written in the transaction that made the change: a call
-- re-issued after a crash gets the same outcome instead of doing it again.
CREATE TABLE call_outcomes (
  call_key TEXT PRIMARY KEY NOT NULL,
  pid TEXT NOT NULL,
  value_json TEXT NOT NULL,
  created_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX call_outcomes_by_pid ON call_outcomes (pid);
