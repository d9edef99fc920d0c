// A follow-up is one transaction: interrupted at its last write — by an error, or by SIGKILL of
// the runtime's process — it leaves no half run (no process, records, linked objects, transcript
// or journal entry of it), and the task can be followed up afterwards as if nothing happened.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/base/clock.js';
import { LibosError } from '../../src/base/errors.js';
import type { Pid, TaskId } from '../../src/base/ids.js';
import { createAgentBody } from '../../src/runtime/agent/agent-body.js';
import { Runtime } from '../../src/runtime/runtime.js';
import { verifyJournal } from '../../src/runtime/verify-journal.js';
import { openSqliteStore } from '../../src/store/sqlite/open-sqlite-store.js';
import { useCrashRig } from '../support/crash-rig.js';
import { killAndWait } from '../support/kill-and-wait.js';
import { startTsxChild } from '../support/start-tsx-child.js';
import { GOAL, MODEL, stopAtTaskRun, taskModels } from './task-crash-fixture.js';

const CHILD = fileURLToPath(new URL('./task-crash-child.ts', import.meta.url));
const LINE_TIMEOUT_MS = 30_000;

async function open(db: string, workspace: string): Promise<Runtime> {
  const clock = createManualClock();
  return Runtime.create({
    store: await openSqliteStore({ path: db, clock }),
    clock,
    workspace,
    models: taskModels(),
    body: createAgentBody({ defaultModel: MODEL }),
  });
}

/** Asserts the store holds the task with its first run only, and nothing of a second. */
async function expectNoHalfRun(runtime: Runtime, task: TaskId, first: Pid): Promise<void> {
  const view = await runtime.tasks.get(task);
  expect(view.runCount).toBe(1);
  expect(view.runs.map((r) => r.pid)).toEqual([first]);
  expect((await runtime.list({ limit: 100 })).map((p) => p.pid)).toEqual([first]);
  const namespaces = await runtime.store.read((r) => r.listNamespaces({ limit: 100 }));
  expect(namespaces.map((n) => n.name)).toEqual([`proc/${first}`]);
  const holders = new Set((await runtime.capabilities({ limit: 1000 })).map((c) => c.subject));
  expect([...holders]).toEqual([first]);
  const types = (await runtime.journal({ limit: 10_000 })).map((e) => e.type);
  expect(types).not.toContain('task.followed-up');
  expect(types.filter((t) => t === 'process.spawned')).toHaveLength(1);
  expect(types.filter((t) => t === 'object.linked')).toHaveLength(0);
  expect(await runtime.store.read((r) => verifyJournal(r, {}))).toMatchObject({ ok: true });
}

/** A follow-up after the interruption works and records run 1 whole. */
async function expectFollowUpWorks(runtime: Runtime, task: TaskId): Promise<void> {
  const followed = await runtime.tasks.followUp(task, { text: 'and a third' });
  expect(followed.run.index).toBe(1);
  expect(followed.objects).toBe(2);
  await runtime.run();
  expect((await runtime.tasks.get(task)).status).toBe('exited');
}

describe('a follow-up interrupted mid-creation', { timeout: 4 * LINE_TIMEOUT_MS }, () => {
  const rig = useCrashRig('libos-task-crash-');

  it('by an error at its last write leaves no half run', async () => {
    const clock = createManualClock();
    const store = stopAtTaskRun(await openSqliteStore({ path: rig.db, clock }), () =>
      Promise.reject(new LibosError('INTERNAL', 'Recording the run failed: injected')),
    );
    const failing = await Runtime.create({
      store,
      clock,
      workspace: rig.workspace,
      models: taskModels(),
      body: createAgentBody({ defaultModel: MODEL }),
    });
    rig.runtimes.push(failing);
    const started = await failing.tasks.start({ imageId: 'base', goal: GOAL, model: MODEL });
    await failing.run();
    const first = started.runs[0]!.pid;
    await expect(failing.tasks.followUp(started.id, { text: 'and a third' })).rejects.toThrow(
      'injected',
    );
    await failing.close();
    const runtime = await open(rig.db, rig.workspace);
    rig.runtimes.push(runtime);
    await expectNoHalfRun(runtime, started.id, first);
    await expectFollowUpWorks(runtime, started.id);
  });

  it('by SIGKILL of the runtime inside its transaction leaves no half run', async () => {
    const { child, ready } = startTsxChild(CHILD, [rig.db, rig.workspace], {
      timeoutMs: LINE_TIMEOUT_MS,
      until: (stdout) => {
        const found = /^task (\S+) (\S+)$/m.exec(stdout);
        return found !== null && stdout.split('\n').includes('inside')
          ? { task: found[1] as TaskId, first: found[2] as Pid }
          : undefined;
      },
    });
    rig.children.add(child);
    const { task, first } = await ready;
    await killAndWait(child);
    expect(child.signalCode).toBe('SIGKILL');
    const runtime = await open(rig.db, rig.workspace);
    rig.runtimes.push(runtime);
    await expectNoHalfRun(runtime, task, first);
    await expectFollowUpWorks(runtime, task);
  });
});
