// Conformance cases for tasks: rows read back exactly, runs appended at the next index only, paging.
import { describe, expect, it } from 'vitest';
import type { TaskId } from '../../base/ids.js';
import type { Task, TaskRun } from '../../kernel/task/types.js';
import type { Store } from '../../ports/store.js';
import { expectCode } from './expect-code.js';
import { pidOf } from './fixtures.js';

function taskIdOf(n: number): TaskId {
  return `task_${String(n).padStart(8, '0')}` as TaskId;
}

function makeTask(n: number, overrides: Partial<Task> = {}): Task {
  return {
    id: taskIdOf(n),
    imageId: 'base',
    imageVersion: 2,
    goal: `goal ${n}`,
    name: null,
    createdBy: 'operator',
    createdAt: 100 + n,
    updatedAt: 100 + n,
    runCount: 0,
    ...overrides,
  };
}

function makeRun(task: number, index: number, pid: number, at = 200 + index): TaskRun {
  return {
    taskId: taskIdOf(task),
    index,
    pid: pidOf(pid),
    followUp: index === 0 ? null : `follow-up ${index}`,
    createdAt: at,
  };
}

/** Defines the task cases against the store `store()` returns. */
export function describeTaskCases(store: () => Store): void {
  describe('tasks', () => {
    it('reads a task and its runs back exactly, counting each run and moving updatedAt', async () => {
      const task = makeTask(1, { name: 'fixer' });
      await store().transact(async (tx) => {
        await tx.insertTask(task);
        await tx.insertTaskRun(makeRun(1, 0, 5, 300));
      });
      await store().transact((tx) => tx.insertTaskRun(makeRun(1, 1, 9, 400)));
      expect(await store().read((r) => r.getTask(task.id))).toStrictEqual({
        ...task,
        runCount: 2,
        updatedAt: 400,
      });
      expect(await store().read((r) => r.listTaskRuns(task.id, { limit: 10 }))).toStrictEqual([
        makeRun(1, 0, 5, 300),
        makeRun(1, 1, 9, 400),
      ]);
      expect(await store().read((r) => r.findTaskRun(pidOf(9)))).toStrictEqual(
        makeRun(1, 1, 9, 400),
      );
      expect(await store().read((r) => r.findTaskRun(pidOf(6)))).toBeUndefined();
      expect(await store().read((r) => r.getTask(taskIdOf(2)))).toBeUndefined();
    });

    it('appends a run only at the next index: a skipped or repeated index changes nothing', async () => {
      await store().transact(async (tx) => {
        await tx.insertTask(makeTask(1));
        await tx.insertTaskRun(makeRun(1, 0, 1));
      });
      await expectCode(
        store().transact((tx) => tx.insertTaskRun(makeRun(1, 0, 2))),
        'VERSION_CONFLICT',
      );
      await expectCode(
        store().transact((tx) => tx.insertTaskRun(makeRun(1, 2, 3))),
        'VERSION_CONFLICT',
      );
      await expectCode(
        store().transact((tx) => tx.insertTaskRun(makeRun(7, 0, 4))),
        'NOT_FOUND',
      );
      expect((await store().read((r) => r.getTask(taskIdOf(1))))?.runCount).toBe(1);
      expect(await store().read((r) => r.listTaskRuns(taskIdOf(1), { limit: 10 }))).toHaveLength(1);
    });

    it('refuses a process as the root of two runs, and a task id twice', async () => {
      await store().transact(async (tx) => {
        await tx.insertTask(makeTask(1));
        await tx.insertTask(makeTask(2));
        await tx.insertTaskRun(makeRun(1, 0, 1));
      });
      await expectCode(
        store().transact((tx) => tx.insertTaskRun(makeRun(2, 0, 1))),
        'ALREADY_EXISTS',
      );
      await expectCode(
        store().transact((tx) => tx.insertTask(makeTask(1, { goal: 'other' }))),
        'ALREADY_EXISTS',
      );
      expect((await store().read((r) => r.getTask(taskIdOf(2))))?.runCount).toBe(0);
      expect((await store().read((r) => r.getTask(taskIdOf(1))))?.goal).toBe('goal 1');
    });

    it('refuses to insert a task that claims runs it does not have', async () => {
      await expectCode(
        store().transact((tx) => tx.insertTask(makeTask(1, { runCount: 1 }))),
        'INVALID_INPUT',
      );
      expect(await store().read((r) => r.getTask(taskIdOf(1)))).toBeUndefined();
    });

    it('rolls a task and its first run back with the transaction that failed', async () => {
      await expectCode(
        store().transact(async (tx) => {
          await tx.insertTask(makeTask(1));
          await tx.insertTaskRun(makeRun(1, 0, 1));
          await tx.insertTaskRun(makeRun(1, 0, 2));
        }),
        'VERSION_CONFLICT',
      );
      expect(await store().read((r) => r.getTask(taskIdOf(1)))).toBeUndefined();
      expect(await store().read((r) => r.findTaskRun(pidOf(1)))).toBeUndefined();
    });

    it('pages tasks by id and runs by index', async () => {
      await store().transact(async (tx) => {
        for (const n of [3, 1, 2]) await tx.insertTask(makeTask(n));
        for (const index of [0, 1, 2]) await tx.insertTaskRun(makeRun(1, index, 10 + index));
      });
      const first = await store().read((r) => r.listTasks({ limit: 2 }));
      expect(first.map((t) => t.id)).toEqual([taskIdOf(1), taskIdOf(2)]);
      const rest = await store().read((r) => r.listTasks({ afterId: taskIdOf(2), limit: 2 }));
      expect(rest.map((t) => t.id)).toEqual([taskIdOf(3)]);
      const runs = await store().read((r) =>
        r.listTaskRuns(taskIdOf(1), { afterIndex: 0, limit: 1 }),
      );
      expect(runs.map((run) => run.index)).toEqual([1]);
      expect(await store().read((r) => r.listTaskRuns(taskIdOf(2), { limit: 5 }))).toEqual([]);
      expect(await store().read((r) => r.listTasks({ limit: 0 }))).toEqual([]);
    });
  });
}
