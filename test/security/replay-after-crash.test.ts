// Security corpus: a state-changing call whose change committed right before a SIGKILL is not made twice when re-issued.
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Json } from '../../src/base/canonical-json.js';
import type { Pid } from '../../src/base/ids.js';
import { openRuntime } from '../../src/open-runtime.js';
import type { Runtime } from '../../src/runtime/runtime.js';
import { verifyJournal } from '../../src/runtime/verify-journal.js';
import { useCrashRig } from '../support/crash-rig.js';
import { killAndWait } from '../support/kill-and-wait.js';
import { startTsxChild } from '../support/start-tsx-child.js';
import { createRig } from './helpers.js';
import { CALL_ID, REPLAY_CASES, replayBody } from './replay-fixture.js';

const CHILD = fileURLToPath(new URL('./replay-child.ts', import.meta.url));
const LINE_TIMEOUT_MS = 30_000;

/** Starts the child on `name` and resolves with its names once the change has committed. */
function startChild(
  paths: { db: string; workspace: string },
  name: string,
): { child: ChildProcess; stopped: Promise<Record<string, Json>> } {
  const { child, ready } = startTsxChild(CHILD, [paths.db, paths.workspace, name], {
    timeoutMs: LINE_TIMEOUT_MS,
    until: (stdout) => {
      const names = /^names (.+)$/m.exec(stdout)?.[1];
      return names !== undefined && stdout.split('\n').includes('stopped')
        ? (JSON.parse(names) as Record<string, Json>)
        : undefined;
    },
  });
  return { child, stopped: ready };
}

describe('a state change re-issued after a crash', { timeout: 3 * LINE_TIMEOUT_MS }, () => {
  const rig = useCrashRig('libos-replay-');

  /** Crashes the child right after the case's change committed, then finishes the run here. */
  async function crashAndResume(
    name: string,
  ): Promise<{ runtime: Runtime; root: Pid; names: Record<string, Json> }> {
    const started = startChild({ db: rig.db, workspace: rig.workspace }, name);
    rig.children.add(started.child);
    const names = await started.stopped;
    await killAndWait(started.child);
    const replayCase = REPLAY_CASES[name]!;
    const runtime = await openRuntime({
      db: rig.db,
      workspace: rig.workspace,
      body: replayBody(replayCase, () => names),
    });
    rig.runtimes.push(runtime);
    const report = await runtime.run({ waitForTimers: true, maxQuanta: 50 });
    expect(report.stoppedBy).toBe('idle');
    const root = names['root'] as Pid;
    // The re-issued call returned the first call's outcome: the root finished normally.
    expect((await runtime.get(root)).state).toEqual({ kind: 'exited', result: 'done' });
    const outcomes = (await runtime.journal({ pid: root, limit: 500 })).filter(
      (e) => e.data['callId'] === CALL_ID && e.type.startsWith('syscall.'),
    );
    expect(outcomes.map((e) => [e.type, e.data['replayed']])).toEqual([
      ['syscall.completed', true],
    ]);
    expect(await runtime.store.read((r) => verifyJournal(r, {}))).toMatchObject({ ok: true });
    return { runtime, root, names };
  }

  async function childrenOf(runtime: Runtime, pid: Pid): Promise<Pid[]> {
    return (await runtime.list({ limit: 100 }))
      .filter((p) => p.parentPid === pid)
      .map((p) => p.pid);
  }

  it.each(['spawn', 'fork', 'spawn-once'])('%s creates one child, not two', async (name) => {
    const { runtime, root } = await crashAndResume(name);
    expect(await childrenOf(runtime, root)).toHaveLength(1);
  });

  it('process.send posts one message, not two', async () => {
    const { runtime, names } = await crashAndResume('send');
    const sent = await runtime.journal({
      pid: names['child'] as Pid,
      type: 'message.sent',
      limit: 10,
    });
    expect(sent).toHaveLength(1);
  });

  it('capability.delegate delegates one record, not two', async () => {
    const { runtime, names } = await crashAndResume('delegate');
    const records = await runtime.capabilities({ subject: names['child'] as string, limit: 100 });
    expect(records.filter((c) => c.resource.kind === 'fs')).toHaveLength(1);
  });

  it('process.signal pauses once and is not refused as pausing a paused child', async () => {
    const { runtime, names } = await crashAndResume('signal');
    const child = names['child'] as Pid;
    expect(await runtime.journal({ pid: child, type: 'process.paused', limit: 10 })).toHaveLength(
      1,
    );
  });

  it('process.chdir changes directory once (sub, not sub/sub)', async () => {
    const { runtime, root } = await crashAndResume('chdir');
    expect((await runtime.get(root)).cwd).toBe('sub');
  });

  it('object.create creates the object once and returns it, not ALREADY_EXISTS', async () => {
    const { runtime, root } = await crashAndResume('object-create');
    const page = await runtime.objects.list({ namespace: `proc/${root}`, limit: 10 });
    expect(page.items.map((o) => [o.object.name, o.object.latestVersion])).toEqual([['plan', 1]]);
    const outcome = await runtime.store.read((r) => r.getSetting(root, 'outcome'));
    expect(outcome).toMatchObject({ name: 'plan', version: 1 });
  });

  it('clock.sleep sleeps once', async () => {
    const { runtime, root } = await crashAndResume('sleep');
    const sleeps = await runtime.journal({ pid: root, type: 'process.blocked', limit: 10 });
    expect(sleeps.map((e) => e.data['on'])).toEqual(['timer']);
  });
});

describe('a call id reused by another call', () => {
  it('never hands one call the outcome another stored under the same id', async () => {
    await using rig = await createRig();
    const results: unknown[] = [];
    rig.script('reuser', async (ctx) => {
      for (const [name, input] of [
        ['object.create', { name: 'first', type: 'text', content: 'one' }],
        ['object.create', { name: 'second', type: 'text', content: 'two' }],
      ] as const) {
        const result = await ctx.syscall(name, input, { callId: 'call_same' });
        if (!result.blocked) results.push(result.value);
      }
    });
    const pid = await rig.spawn('reuser');
    await rig.run();
    expect(results.map((r) => (r as { name: string }).name)).toEqual(['first', 'second']);
    const page = await rig.runtime.objects.list({ namespace: `proc/${pid}`, limit: 10 });
    expect(page.items.map((o) => o.object.name).sort()).toEqual(['first', 'second']);
  });
});
