// Prepared statements for tasks and their runs.
import type Database from 'better-sqlite3';
import type { TaskRow, TaskRunRow } from './task-row.js';

const TASK_COLUMNS =
  'id, image_id, image_version, goal, name, created_by, created_at, updated_at, run_count';
const RUN_COLUMNS = 'task_id, run_index, pid, follow_up, created_at';

/** Raw task reads. */
export interface TaskReads {
  getTask(id: string): TaskRow | undefined;
  listTasks(afterId: string, limit: number): TaskRow[];
  listTaskRuns(taskId: string, afterIndex: number, limit: number): TaskRunRow[];
  findTaskRun(pid: string): TaskRunRow | undefined;
}

/** Prepares the task reads of `db`. */
export function prepareTaskReads(db: Database.Database): TaskReads {
  const get = db.prepare<[string], TaskRow>(`SELECT ${TASK_COLUMNS} FROM tasks WHERE id = ?`);
  const list = db.prepare<[string, number], TaskRow>(
    `SELECT ${TASK_COLUMNS} FROM tasks WHERE id > ? ORDER BY id LIMIT ?`,
  );
  const runs = db.prepare<[string, number, number], TaskRunRow>(
    `SELECT ${RUN_COLUMNS} FROM task_runs WHERE task_id = ? AND run_index > ? ` +
      'ORDER BY run_index LIMIT ?',
  );
  const byPid = db.prepare<[string], TaskRunRow>(
    `SELECT ${RUN_COLUMNS} FROM task_runs WHERE pid = ?`,
  );
  return {
    getTask: (id) => get.get(id),
    listTasks: (afterId, limit) => list.all(afterId, limit),
    listTaskRuns: (taskId, afterIndex, limit) => runs.all(taskId, afterIndex, limit),
    findTaskRun: (pid) => byPid.get(pid),
  };
}

/** Prepared task writes. */
export interface TaskWrites {
  readonly insertTask: Database.Statement<[TaskRow]>;
  readonly insertRun: Database.Statement<[TaskRunRow]>;
  /** Moves `run_count` from the expected value to the next one; changes 0 rows otherwise. */
  readonly countRun: Database.Statement<[number, string, number]>;
}

/** Prepares the task writes of the writing connection. */
export function prepareTaskWrites(db: Database.Database): TaskWrites {
  return {
    insertTask: db.prepare(
      `INSERT INTO tasks (${TASK_COLUMNS}) VALUES (@id, @image_id, @image_version, @goal, ` +
        '@name, @created_by, @created_at, @updated_at, @run_count)',
    ),
    insertRun: db.prepare(
      `INSERT INTO task_runs (${RUN_COLUMNS}) VALUES (@task_id, @run_index, @pid, @follow_up, ` +
        '@created_at)',
    ),
    countRun: db.prepare(
      'UPDATE tasks SET run_count = run_count + 1, updated_at = ? WHERE id = ? AND run_count = ?',
    ),
  };
}
