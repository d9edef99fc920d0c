// Conformance cases for process rows: exact round trips, keyset paging and filters, durable timers.
import { describe, expect, it } from 'vitest';
import type { Pid } from '../../base/ids.js';
import type { AgentProcess, ProcessState } from '../../kernel/process/types.js';
import type { ProcessQuery, Store } from '../../ports/store.js';
import { expectCode } from './expect-code.js';
import {
  makeProcess,
  nextVersion,
  pidOf,
  running,
  STATES_OF_EVERY_KIND,
  waitingOnTimer,
} from './fixtures.js';

async function insertAll(store: Store, processes: readonly AgentProcess[]): Promise<void> {
  await store.transact(async (tx) => {
    for (const p of processes) await tx.insertProcess(p);
  });
}

/** Every page of `query`, following `afterPid` from the last pid of each page. */
async function allPages(store: Store, query: Omit<ProcessQuery, 'afterPid'>): Promise<Pid[][]> {
  const pages: Pid[][] = [];
  let afterPid: Pid | undefined;
  for (;;) {
    const page = await store.read((r) =>
      r.listProcesses(afterPid === undefined ? query : { ...query, afterPid }),
    );
    if (page.length === 0) return pages;
    pages.push(page.map((p) => p.pid));
    afterPid = page.at(-1)!.pid;
  }
}

/** Defines the process cases against the store `store()` returns. */
export function describeProcessCases(store: () => Store): void {
  describe('processes', () => {
    it('round-trips a process in every state exactly', async () => {
      const processes = STATES_OF_EVERY_KIND.map((state, i) =>
        makeProcess(i + 1, {
          state,
          parentPid: i % 2 === 0 ? null : pidOf(100),
          name: i % 3 === 0 ? null : `worker-${i}`,
          cwd: i % 2 === 0 ? '.' : 'src/app',
          imageVersion: i + 1,
          budget: i % 2 === 0 ? {} : { quanta: 5, wallMs: 60_000 },
          usage: { quanta: i, toolCalls: 2 * i, children: 1, tokens: 1_000 * i },
          onBudgetExceeded: i % 2 === 0 ? 'pause' : 'kill',
          fence: i,
          pendingInterrupts: i % 3,
          version: 1,
        }),
      );
      await insertAll(store(), processes);
      for (const p of processes) {
        expect(await store().read((r) => r.getProcess(p.pid))).toStrictEqual(p);
      }
      expect(await store().read((r) => r.getProcess(pidOf(999)))).toBeUndefined();
    });

    it('replaces every field on update', async () => {
      const v1 = makeProcess(1);
      await insertAll(store(), [v1]);
      const v2 = nextVersion(v1, {
        parentPid: pidOf(7),
        imageId: 'image-other',
        imageVersion: 2,
        goal: 'new goal',
        name: 'renamed',
        cwd: 'docs',
        state: { kind: 'paused', reason: 'budget', resumeTo: { kind: 'runnable' } },
        budget: { tokens: 1 },
        usage: { quanta: 1, toolCalls: 1, children: 1, tokens: 1 },
        onBudgetExceeded: 'kill',
        fence: 9,
        pendingInterrupts: 2,
      });
      await store().transact((tx) => tx.updateProcess(v2));
      expect(await store().read((r) => r.getProcess(v1.pid))).toStrictEqual(v2);
    });

    it('keeps the image version a process was written with until a write changes it', async () => {
      const v1 = makeProcess(1, { imageVersion: 3 });
      await insertAll(store(), [v1]);
      // Only the pin changes: no state, parent or timer moves (the narrower update a store may use).
      const v2 = nextVersion(v1, { imageVersion: 4 });
      await store().transact((tx) => tx.updateProcess(v2));
      expect(await store().read((r) => r.getProcess(v1.pid))).toMatchObject({
        imageId: 'image-test',
        imageVersion: 4,
        version: 2,
      });
      const listed = await store().read((r) => r.listProcesses({ limit: 10 }));
      expect(listed.map((p) => p.imageVersion)).toStrictEqual([4]);
    });

    it('pages through processes by pid without gaps or repeats', async () => {
      await insertAll(
        store(),
        Array.from({ length: 25 }, (_, i) => makeProcess(25 - i)),
      );
      const pages = await allPages(store(), { limit: 10 });
      expect(pages.map((p) => p.length)).toStrictEqual([10, 10, 5]);
      expect(pages.flat()).toStrictEqual(Array.from({ length: 25 }, (_, i) => pidOf(i + 1)));
    });

    it('filters listings by state and by parent, alone and together', async () => {
      const states: ProcessState[] = [
        { kind: 'runnable' },
        running(1),
        { kind: 'exited', result: null },
      ];
      await insertAll(
        store(),
        Array.from({ length: 30 }, (_, i) =>
          makeProcess(i + 1, {
            state: states[i % 3]!,
            parentPid: i % 2 === 0 ? pidOf(100) : pidOf(200),
          }),
        ),
      );
      const expected = (keep: (i: number) => boolean): Pid[] =>
        Array.from({ length: 30 }, (_, i) => i)
          .filter(keep)
          .map((i) => pidOf(i + 1));
      expect((await allPages(store(), { limit: 4, states: ['running'] })).flat()).toStrictEqual(
        expected((i) => i % 3 === 1),
      );
      expect(
        (await allPages(store(), { limit: 4, states: ['runnable', 'exited'] })).flat(),
      ).toStrictEqual(expected((i) => i % 3 !== 1));
      expect((await allPages(store(), { limit: 4, parentPid: pidOf(200) })).flat()).toStrictEqual(
        expected((i) => i % 2 === 1),
      );
      expect(
        (await allPages(store(), { limit: 4, parentPid: pidOf(100), states: ['runnable'] })).flat(),
      ).toStrictEqual(expected((i) => i % 2 === 0 && i % 3 === 0));
      expect(await store().read((r) => r.listProcesses({ limit: 10, states: [] }))).toStrictEqual(
        [],
      );
      expect(await store().read((r) => r.listProcesses({ limit: 0 }))).toStrictEqual([]);
    });

    it('pages pids in one state for recovery', async () => {
      await insertAll(
        store(),
        Array.from({ length: 12 }, (_, i) =>
          makeProcess(i + 1, { state: i % 2 === 0 ? running(1) : { kind: 'runnable' } }),
        ),
      );
      const first = await store().read((r) => r.listPidsInState('running', { limit: 4 }));
      const second = await store().read((r) =>
        r.listPidsInState('running', { limit: 4, afterPid: first.at(-1)! }),
      );
      expect([...first, ...second]).toStrictEqual([1, 3, 5, 7, 9, 11].map(pidOf));
      expect(await store().read((r) => r.listPidsInState('killed', { limit: 4 }))).toStrictEqual(
        [],
      );
    });

    it('rejects a negative limit', async () => {
      await expectCode(
        store().read((r) => r.listProcesses({ limit: -1 })),
        'OUT_OF_RANGE',
      );
    });
  });

  describe('timers', () => {
    it('lists processes whose timer is due, earliest first, up to the limit', async () => {
      await insertAll(store(), [
        makeProcess(1, { state: waitingOnTimer(300) }),
        makeProcess(2, { state: waitingOnTimer(100) }),
        makeProcess(3, { state: waitingOnTimer(200) }),
        makeProcess(4, { state: waitingOnTimer(200) }),
        makeProcess(5, {
          state: { kind: 'waiting', wait: { on: 'message', filter: {} }, since: 1 },
        }),
        makeProcess(6, {
          state: {
            kind: 'paused',
            reason: 'operator',
            resumeTo: { kind: 'waiting', wait: { on: 'timer', wakeAt: 50 }, since: 1 },
          },
        }),
      ]);
      const due = (now: number, limit: number): Promise<Pid[]> =>
        store().read((r) => r.listDueTimers(now, limit));
      expect(await due(99, 10)).toStrictEqual([]);
      expect(await due(200, 10)).toStrictEqual([pidOf(2), pidOf(3), pidOf(4)]);
      expect(await due(1_000, 2)).toStrictEqual([pidOf(2), pidOf(3)]);
      expect(await store().read((r) => r.nextTimerAt())).toBe(100);
    });

    it('forgets a timer once the process stops waiting on it', async () => {
      const p = makeProcess(1, { state: waitingOnTimer(100) });
      await insertAll(store(), [p, makeProcess(2, { state: waitingOnTimer(400) })]);
      await store().transact((tx) =>
        tx.updateProcess(nextVersion(p, { state: { kind: 'runnable' } })),
      );
      expect(await store().read((r) => r.listDueTimers(1_000, 10))).toStrictEqual([pidOf(2)]);
      expect(await store().read((r) => r.nextTimerAt())).toBe(400);
    });

    it('has no next timer when nothing waits on one', async () => {
      await insertAll(store(), [makeProcess(1)]);
      expect(await store().read((r) => r.nextTimerAt())).toBeUndefined();
    });
  });
}
