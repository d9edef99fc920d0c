-- 010-tasks: tasks, durable conversations that outlive their processes, and their runs.
-- Released migrations are never edited: add a new numbered file instead.

-- One row per task: the goal and image version every run shares, and how many runs it had
-- (`run_count` is the next run's index: appending a run moves it in the same statement).
CREATE TABLE tasks (
  id TEXT PRIMARY KEY NOT NULL,
  image_id TEXT NOT NULL,
  image_version INTEGER NOT NULL,
  goal TEXT NOT NULL,
  name TEXT,
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  run_count INTEGER NOT NULL
) WITHOUT ROWID;

-- One row per run: the root process it ran and the follow-up that started it (null: the first).
-- A process is the root of at most one run.
CREATE TABLE task_runs (
  task_id TEXT NOT NULL,
  run_index INTEGER NOT NULL,
  pid TEXT NOT NULL UNIQUE,
  follow_up TEXT,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (task_id, run_index)
) WITHOUT ROWID;
