// ARCHITECTURE §3 effect intents: a runtime SIGKILLed between intent and settle leaves the intent
// pending; on reopen it is `unknown`, its process pauses (`unknown-effect`) and nothing replays it.
// The runtime runs in a real child Node process (`node --import tsx`) on a real SQLite file.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createSystemClock } from '../../src/base/clock.js';
import type { Pid } from '../../src/base/ids.js';
import type { EffectIntent } from '../../src/kernel/effect/types.js';
import { openRuntime } from '../../src/open-runtime.js';
import type { Runtime } from '../../src/runtime/runtime.js';
import { BUILTIN_SYSCALLS } from '../../src/runtime/syscall-table.js';
import { verifyJournal } from '../../src/runtime/verify-journal.js';
import { openSqliteStore } from '../../src/store/sqlite/open-sqlite-store.js';
import { createSlowEffect, EFFECT_STARTED, intentCrashBody, MARKER } from './slow-effect.js';
import { killAndWait } from '../support/kill-and-wait.js';
import { useCrashRig } from '../support/crash-rig.js';

const CHILD = fileURLToPath(new URL('./intent-crash-child.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const LINE_TIMEOUT_MS = 30_000;
/** Longer than the children's own line timeouts, so those say what went wrong first. */
const SUITE = { timeout: 4 * LINE_TIMEOUT_MS };

interface Started {
  readonly child: ChildProcess;
  /** Resolves with the pid the child spawned once `line` is printed; rejects on exit or timeout. */
  readonly seen: Promise<Pid>;
}

/** Starts the child on `db` and waits for it to print `line`. */
function startChild(
  paths: { db: string; workspace: string },
  options: { scenario: 'slow' | 'write'; line: string },
): Started {
  // stdin stays an open pipe: the child exits when it closes, so it cannot outlive this process.
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', CHILD, paths.db, paths.workspace, options.scenario],
    { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const seen = new Promise<Pid>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(
        new Error(`no ${options.line} line within ${LINE_TIMEOUT_MS} ms: ${stdout} ${stderr}`),
      );
    }, LINE_TIMEOUT_MS);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const pid = /^spawned (\S+)$/m.exec(stdout)?.[1];
      if (pid !== undefined && stdout.split('\n').includes(options.line)) {
        clearTimeout(timer);
        resolve(pid as Pid);
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the child exited (${code ?? signal ?? '?'}) early: ${stdout} ${stderr}`));
    });
    child.once('error', reject);
  });
  return { child, seen };
}

async function intentsOf(runtime: Runtime, pid: Pid): Promise<EffectIntent[]> {
  return runtime.store.read((r) => r.listIntents({ pid, limit: 10 }));
}

describe('an effect intent across a SIGKILL of the runtime', SUITE, () => {
  const rig = useCrashRig('libos-intent-crash-');

  /** Reopens the store in this process, with the effect registered but no longer hanging. */
  async function reopen(): Promise<Runtime> {
    const runtime = await openRuntime({
      db: rig.db,
      workspace: rig.workspace,
      syscalls: [...BUILTIN_SYSCALLS, createSlowEffect({ hang: false })],
      body: intentCrashBody(),
    });
    rig.runtimes.push(runtime);
    return runtime;
  }

  it('marks an intent killed between intent and settle unknown, pauses its process and never runs the effect again', async () => {
    const started = startChild(
      { db: rig.db, workspace: rig.workspace },
      { scenario: 'slow', line: EFFECT_STARTED },
    );
    rig.children.add(started.child);
    const pid = await started.seen;
    await killAndWait(started.child);
    expect(started.child.signalCode).toBe('SIGKILL');

    // What the killed runtime committed: the intent, still pending, and no settle.
    const reader = await openSqliteStore({
      path: rig.db,
      clock: createSystemClock(),
      readonly: true,
    });
    try {
      const left = await reader.read((r) => r.listIntents({ pid, limit: 10 }));
      expect(left).toMatchObject([{ syscall: 'test.slowEffect', state: 'pending' }]);
      expect(
        await reader.read((r) => r.listJournal({ limit: 10, type: 'effect.settled' })),
      ).toEqual([]);
    } finally {
      await reader.close();
    }

    const runtime = await reopen();
    const [intent] = await intentsOf(runtime, pid);
    expect(intent).toMatchObject({
      syscall: 'test.slowEffect',
      resource: `fs:${MARKER}`,
      state: 'unknown',
    });
    expect(await runtime.journal({ limit: 10, type: 'effect.unknown' })).toMatchObject([
      { pid, data: { intent: intent?.id, syscall: 'test.slowEffect', resource: `fs:${MARKER}` } },
    ]);
    expect(await runtime.journal({ limit: 10, type: 'runtime.recovered' })).toMatchObject([
      { data: { unknownEffects: 1 } },
    ]);
    expect((await runtime.get(pid)).state).toMatchObject({
      kind: 'paused',
      reason: 'unknown-effect',
    });
    expect(await runtime.store.read((r) => verifyJournal(r, {}))).toMatchObject({ ok: true });

    const report = await runtime.run({ signal: AbortSignal.timeout(LINE_TIMEOUT_MS) });
    expect(report).toStrictEqual({ quanta: 0, stoppedBy: 'idle' });
    const marker = await readFile(join(rig.workspace, MARKER), 'utf8');
    expect(marker.trimEnd().split('\n')).toHaveLength(1);
    expect((await runtime.get(pid)).state).toMatchObject({ kind: 'paused' });
    expect((await intentsOf(runtime, pid)).map((i) => i.state)).toStrictEqual(['unknown']);
    expect(await runtime.store.read((r) => verifyJournal(r, {}))).toMatchObject({ ok: true });
  });

  it('settles a completed fs.write as committed, so a later SIGKILL leaves nothing unknown', async () => {
    const started = startChild(
      { db: rig.db, workspace: rig.workspace },
      { scenario: 'write', line: 'idle' },
    );
    rig.children.add(started.child);
    const pid = await started.seen;
    await killAndWait(started.child);

    const runtime = await reopen();
    expect(await intentsOf(runtime, pid)).toMatchObject([
      { syscall: 'fs.write', resource: 'fs:out.txt', state: 'committed', code: null },
    ]);
    expect((await runtime.get(pid)).state).toStrictEqual({ kind: 'exited', result: 'written' });
    expect(await readFile(join(rig.workspace, 'out.txt'), 'utf8')).toBe('hello');
    expect(await runtime.journal({ limit: 10, type: 'effect.unknown' })).toEqual([]);
    const types = (await runtime.journal({ limit: 100, pid })).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['effect.intended', 'syscall.completed']));
    expect(await runtime.store.read((r) => verifyJournal(r, {}))).toMatchObject({ ok: true });
    expect(await runtime.run()).toStrictEqual({ quanta: 0, stoppedBy: 'idle' });
  });
});
