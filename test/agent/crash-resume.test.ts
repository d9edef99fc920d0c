// ARCHITECTURE §5: an agent SIGKILLed at any step of a quantum resumes from its durable
// transcript — the model is never asked again for a turn that has a persisted answer, and no
// effect runs twice. The agent runs in a real child Node process (`node --import tsx`) on a real
// SQLite file; the test reopens the file in this process and runs the agent to its end.
import type { ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Pid } from '../../src/base/ids.js';
import type { TranscriptEntry } from '../../src/kernel/agent/types.js';
import { openRuntime } from '../../src/open-runtime.js';
import type { Runtime } from '../../src/runtime/runtime.js';
import { verifyJournal } from '../../src/runtime/verify-journal.js';
import { crashAgent, EFFECTS_LOG, MODEL_LOG, RESULT, type StopPoint } from './crash-fixture.js';
import { killAndWait } from '../support/kill-and-wait.js';
import { useCrashRig } from '../support/crash-rig.js';
import { startTsxChild } from '../support/start-tsx-child.js';

const CHILD = fileURLToPath(new URL('./crash-child.ts', import.meta.url));
const LINE_TIMEOUT_MS = 30_000;

/** Starts the child and resolves with the agent's pid once it prints `stopped <point>`. */
function startChild(
  paths: { db: string; workspace: string },
  point: StopPoint,
): { child: ChildProcess; stopped: Promise<Pid> } {
  const { child, ready } = startTsxChild(CHILD, [paths.db, paths.workspace, point], {
    timeoutMs: LINE_TIMEOUT_MS,
    until: (stdout) => {
      const pid = /^spawned (\S+)$/m.exec(stdout)?.[1];
      return pid !== undefined && stdout.split('\n').includes(`stopped ${point}`)
        ? (pid as Pid)
        : undefined;
    },
  });
  return { child, stopped: ready };
}

async function lines(path: string): Promise<string[]> {
  return (await readFile(path, 'utf8')).trimEnd().split('\n');
}

describe('an agent SIGKILLed during a quantum', { timeout: 4 * LINE_TIMEOUT_MS }, () => {
  const rig = useCrashRig('libos-agent-crash-');

  /** Runs the child until it stops at `point`, SIGKILLs it and reopens the file here. */
  async function crashAt(point: StopPoint): Promise<{ runtime: Runtime; pid: Pid }> {
    const started = startChild({ db: rig.db, workspace: rig.workspace }, point);
    rig.children.add(started.child);
    const pid = await started.stopped;
    await killAndWait(started.child);
    expect(started.child.signalCode).toBe('SIGKILL');
    const runtime = await openRuntime({
      db: rig.db,
      workspace: rig.workspace,
      ...crashAgent(rig.workspace),
    });
    rig.runtimes.push(runtime);
    return { runtime, pid };
  }

  async function transcriptOf(runtime: Runtime, pid: Pid): Promise<TranscriptEntry[]> {
    return runtime.store.read((r) => r.listTranscript(pid, { limit: 100 }));
  }

  /** The end state every scenario must reach: each effect once, each answer asked for once. */
  async function expectFinished(
    runtime: Runtime,
    pid: Pid,
    expected: {
      asked: readonly string[];
      intents: readonly string[];
      /** The states of the model calls' intents, in order. */
      models: readonly string[];
    },
  ): Promise<void> {
    expect((await runtime.get(pid)).state).toStrictEqual({ kind: 'exited', result: RESULT });
    expect(await lines(join(rig.workspace, EFFECTS_LOG))).toStrictEqual(['t0', 't1a', 't1b']);
    expect(await lines(join(rig.workspace, MODEL_LOG))).toStrictEqual(expected.asked);
    // One persisted answer per turn: three turns, three completed model calls, each recorded with
    // its answer (the tool calls it made).
    const answers = (await runtime.journal({ limit: 100, pid, type: 'syscall.completed' })).filter(
      (e) => e.data.syscall === 'model.call',
    );
    expect(answers.map((e) => e.data.toolCalls)).toHaveLength(3);
    for (const answer of answers) expect(Array.isArray(answer.data.toolCalls)).toBe(true);
    const intents = await runtime.store.read((r) => r.listIntents({ pid, limit: 100 }));
    const of = (syscall: string): string[] =>
      intents.filter((i) => i.syscall === syscall).map((i) => i.state);
    expect(of('test.mark')).toStrictEqual(expected.intents);
    expect(of('model.call')).toStrictEqual(expected.models);
    expect(await runtime.store.read((r) => verifyJournal(r, {}))).toMatchObject({ ok: true });
  }

  it('asks the model again for a turn whose answer was never persisted (killed before the model call returned)', async () => {
    const { runtime, pid } = await crashAt('before-model');
    // Turn 0 and its result are durable; turn 1 has no answer.
    expect((await transcriptOf(runtime, pid)).map((e) => e.item.kind)).toStrictEqual([
      'model',
      'result',
    ]);
    await runtime.run();
    await expectFinished(runtime, pid, {
      asked: ['asked 0', 'asked 1', 'asked 1', 'asked 2'],
      intents: ['committed', 'committed', 'committed'],
      // The call killed in flight is unknown, and asked again as a new call: no pause.
      models: ['committed', 'unknown', 'committed', 'committed'],
    });
  });

  it('dispatches a persisted answer without asking the model again (killed before its first tool call)', async () => {
    const { runtime, pid } = await crashAt('before-dispatch');
    const transcript = await transcriptOf(runtime, pid);
    expect(transcript.map((e) => e.item.kind)).toStrictEqual(['model', 'result', 'model']);
    expect(transcript[2]?.item).toMatchObject({
      kind: 'model',
      toolCalls: [{ id: 'call_1_0' }, { id: 'call_1_1' }],
    });
    await runtime.run();
    await expectFinished(runtime, pid, {
      asked: ['asked 0', 'asked 1', 'asked 2'],
      intents: ['committed', 'committed', 'committed'],
      models: ['committed', 'committed', 'committed'],
    });
  });

  it('dispatches only the calls without a result (killed between two tool calls of one turn)', async () => {
    const { runtime, pid } = await crashAt('between-calls');
    const transcript = await transcriptOf(runtime, pid);
    expect(transcript.map((e) => e.item.kind)).toStrictEqual([
      'model',
      'result',
      'model',
      'result',
    ]);
    expect(transcript[3]?.item).toMatchObject({ toolCallId: 'call_1_0', isError: false });
    await runtime.run();
    await expectFinished(runtime, pid, {
      asked: ['asked 0', 'asked 1', 'asked 2'],
      intents: ['committed', 'committed', 'committed'],
      models: ['committed', 'committed', 'committed'],
    });
  });

  it('pauses on an effect killed between intent and settle, and after a resume never runs it again', async () => {
    const { runtime, pid } = await crashAt('in-effect');
    expect((await runtime.get(pid)).state).toMatchObject({
      kind: 'paused',
      reason: 'unknown-effect',
    });
    expect(await runtime.run()).toStrictEqual({ quanta: 0, stoppedBy: 'idle' });

    await runtime.signal(pid, 'resume');
    await runtime.run();
    const results = (await transcriptOf(runtime, pid)).flatMap((e) =>
      e.item.kind === 'result' ? [e.item] : [],
    );
    expect(results.map((r) => [r.toolCallId, r.isError])).toStrictEqual([
      ['call_0_0', false],
      ['call_1_0', true],
      ['call_1_1', false],
    ]);
    const shown = JSON.parse(results[1]?.content ?? '{}') as {
      error?: { code: string; message: string };
    };
    expect(shown.error?.code).toBe('ALREADY_EXISTS');
    expect(shown.error?.message).toMatch(/already dispatched \(unknown\)/);
    await expectFinished(runtime, pid, {
      asked: ['asked 0', 'asked 1', 'asked 2'],
      intents: ['committed', 'unknown', 'committed'],
      models: ['committed', 'committed', 'committed'],
    });
  });
});
