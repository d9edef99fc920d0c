// Fixture of the replay-after-crash corpus: one state-changing call per case, made with a fixed call id the way the agent loop re-dispatches a tool call.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Json } from '../../src/base/canonical-json.js';
import type { Pid } from '../../src/base/ids.js';
import type { QuantumBody } from '../../src/runtime/quantum-context.js';
import type { Runtime } from '../../src/runtime/runtime.js';
import { BUILTIN_SYSCALLS } from '../../src/runtime/syscall-table.js';
import type { AnySyscall } from '../../src/syscalls/define-syscall.js';

/** The call id every case uses: a re-issued call after the crash carries the same one. */
export const CALL_ID = 'call_replayed_0';

/** One state-changing syscall, its set-up and its input. */
export interface ReplayCase {
  readonly syscall: string;
  /** Operator set-up before the root runs; returns the pids the input may name. */
  readonly setUp: (runtime: Runtime, root: Pid, workspace: string) => Promise<Record<string, Json>>;
  readonly input: (names: Record<string, Json>) => Json;
}

/** Every case, by name; the crash comes right after the syscall body ran (its change committed). */
export const REPLAY_CASES: Readonly<Record<string, ReplayCase>> = {
  spawn: {
    syscall: 'process.spawn',
    setUp: async (rt, root) => {
      await rt.grant({ subject: root, resource: 'process:spawn', rights: 'spawn' });
      return {};
    },
    input: () => ({ imageId: 'base', goal: 'child' }),
  },
  'spawn-once': {
    syscall: 'process.spawn',
    setUp: async (rt, root) => {
      // One use: the replay must not need (nor spend) a second one.
      await rt.grant({ subject: root, resource: 'process:spawn', rights: 'spawn', once: true });
      return {};
    },
    input: () => ({ imageId: 'base', goal: 'child' }),
  },
  fork: {
    syscall: 'process.fork',
    setUp: async (rt, root) => {
      await rt.grant({ subject: root, resource: 'process:spawn', rights: 'spawn' });
      return {};
    },
    input: () => ({ goal: 'child' }),
  },
  send: {
    syscall: 'process.send',
    setUp: async (rt, root) => ({
      child: (await rt.spawn({ imageId: 'base', goal: 'child', parentPid: root })).pid,
    }),
    input: (n) => ({ to: n['child'] ?? null, body: 'hello once' }),
  },
  delegate: {
    syscall: 'capability.delegate',
    setUp: async (rt, root) => {
      const record = await rt.grant({ subject: root, resource: 'fs:docs/**', rights: 'read' });
      const child = (await rt.spawn({ imageId: 'base', goal: 'child', parentPid: root })).pid;
      return { child, from: record.id };
    },
    input: (n) => ({
      from: n['from'] ?? null,
      to: n['child'] ?? null,
      resource: 'fs:docs/**',
      rights: ['read'],
    }),
  },
  signal: {
    syscall: 'process.signal',
    setUp: async (rt, root) => ({
      child: (await rt.spawn({ imageId: 'base', goal: 'child', parentPid: root })).pid,
    }),
    input: (n) => ({ pid: n['child'] ?? null, signal: 'pause' }),
  },
  chdir: {
    syscall: 'process.chdir',
    setUp: async (rt, root, workspace) => {
      mkdirSync(join(workspace, 'sub', 'sub'), { recursive: true });
      await rt.grant({ subject: root, resource: 'fs:**', rights: 'read' });
      return {};
    },
    input: () => ({ path: 'sub' }),
  },
  'object-create': {
    syscall: 'object.create',
    setUp: () => Promise.resolve({}),
    input: () => ({ name: 'plan', type: 'text', content: 'step one' }),
  },
  sleep: {
    syscall: 'clock.sleep',
    setUp: async (rt, root) => {
      await rt.grant({ subject: root, resource: 'clock:sleep', rights: 'use' });
      return {};
    },
    input: () => ({ ms: 20 }),
  },
};

/**
 * The root's quantum: make the case's call once with CALL_ID (the agent loop's re-dispatch of a
 * tool call whose result was never recorded), remember the outcome in a setting, and exit.
 * Children just wait for messages.
 */
export function replayBody(replayCase: ReplayCase, names: () => Record<string, Json>): QuantumBody {
  return async (ctx) => {
    if (ctx.process.goal !== 'root') {
      while (!(await ctx.receive({ wait: true })).blocked);
      return;
    }
    // Like the agent loop: a call with a recorded result is not made again.
    if ((await ctx.store.read((r) => r.getSetting(ctx.pid, 'outcome'))) === undefined) {
      const result = await ctx.syscall(replayCase.syscall, replayCase.input(names()), {
        callId: CALL_ID,
      });
      if (result.blocked) return;
      await ctx.record({ settings: { outcome: result.value as Json } });
      if (ctx.ended !== null) return;
    }
    await ctx.exit('done');
  };
}

/** The built-in table with the case's syscall stopping right after its body ran (for the child). */
export function stoppingTable(syscall: string, stop: () => Promise<never>): AnySyscall[] {
  return BUILTIN_SYSCALLS.map((spec) =>
    spec.name !== syscall
      ? spec
      : {
          ...spec,
          run: async (input: unknown, ctx: Parameters<AnySyscall['run']>[1]) => {
            const result = await spec.run(input, ctx);
            if (!result.blocked) await stop();
            return result;
          },
        },
  );
}
