// Fixture of the agent crash-resume tests: a three-turn model whose middle turn makes two tool
// calls, a `mark` tool over an external-effect syscall, and hooks that let the child stop at an
// exact point of a quantum. The child and the reopened parent build the same agent from here.
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { Json } from '../../src/base/canonical-json.js';
import type { AgentImage } from '../../src/kernel/agent/types.js';
import type { ModelProvider, ModelResponse } from '../../src/ports/model-provider.js';
import { createAgentBody } from '../../src/runtime/agent/agent-body.js';
import type { QuantumBody } from '../../src/runtime/quantum-context.js';
import type { Runtime } from '../../src/runtime/runtime.js';
import { BUILTIN_SYSCALLS } from '../../src/runtime/syscall-table.js';
import { defineSyscall, done, type AnySyscall } from '../../src/syscalls/define-syscall.js';
import { resolveWorkspacePath } from '../../src/syscalls/fs/resolve-path.js';
import { defineTool, passThrough, type AnyTool } from '../../src/tools/define-tool.js';
import { BUILTIN_TOOLS } from '../../src/tools/tool-table.js';

/** The goal of the fixture agent. */
export const GOAL = 'mark three times, then finish';
/** The image the fixture agent runs: the `mark` tool and `exit`. */
export const IMAGE_ID = 'crash-agent';
/** Workspace file the effect appends one line (its tag) to per run. */
export const EFFECTS_LOG = 'effects.log';
/** Workspace file the model appends `asked <turn>` to each time it is asked. */
export const MODEL_LOG = 'model-calls.log';
/** The result the agent exits with. */
export const RESULT = 'finished';

/** Where the child stops (prints `stopped <point>` and hangs until killed). */
export const STOP_POINTS = [
  'before-model',
  'before-dispatch',
  'between-calls',
  'in-effect',
] as const;
/** One of STOP_POINTS. */
export type StopPoint = (typeof STOP_POINTS)[number];

/** What the model answers per turn: turn 1 makes two calls. */
const TURNS: readonly (readonly { name: string; arguments: { [key: string]: Json } }[])[] = [
  [{ name: 'mark', arguments: { tag: 't0' } }],
  [
    { name: 'mark', arguments: { tag: 't1a' } },
    { name: 'mark', arguments: { tag: 't1b' } },
  ],
  [{ name: 'exit', arguments: { result: RESULT } }],
];

const IMAGE: AgentImage = {
  id: IMAGE_ID,
  version: 1,
  description: 'Marks three times and exits (crash tests).',
  systemPrompt: 'You mark, then exit.',
  tools: ['mark', 'exit'],
  requirements: [],
  defaultBudget: {},
  defaultModel: null,
};

/** Hooks the child uses to stop at a point; the parent passes none. */
interface Hooks {
  /** Before the model answers turn `turn` (the answer is not persisted yet). */
  readonly beforeAnswer?: (turn: number) => Promise<void>;
  /** In the tool body, before the call with `tag` makes its syscall. */
  readonly beforeTool?: (tag: string) => Promise<void>;
  /** In the syscall body, after the effect with `tag` ran (its intent is committed, not settled). */
  readonly afterEffect?: (tag: string) => Promise<void>;
}

/** The hooks that stop the child at `point`: print `stopped <point>`, then never return. */
export function stopAt(point: StopPoint): Hooks {
  const stop = async (): Promise<void> => {
    process.stdout.write(`stopped ${point}\n`);
    await new Promise<never>(() => undefined);
  };
  switch (point) {
    case 'before-model':
      return { beforeAnswer: (turn) => (turn === 1 ? stop() : Promise.resolve()) };
    case 'before-dispatch':
      return { beforeTool: (tag) => (tag === 't1a' ? stop() : Promise.resolve()) };
    case 'between-calls':
      return { beforeTool: (tag) => (tag === 't1b' ? stop() : Promise.resolve()) };
    case 'in-effect':
      return { afterEffect: (tag) => (tag === 't1a' ? stop() : Promise.resolve()) };
  }
}

/** `test.mark`: appends its tag to EFFECTS_LOG (an external effect, so it gets an intent). */
function markSyscall(hooks: Hooks): AnySyscall {
  return defineSyscall({
    name: 'test.mark',
    summary: 'Append a tag to the effects log.',
    input: z.object({ tag: z.string().min(1) }).strict(),
    resources: (_input, ctx) => [
      {
        resource: resolveWorkspacePath(ctx.cwd, EFFECTS_LOG, { attempted: 'Marking' }),
        right: 'write',
      },
    ],
    effect: 'external',
    journal: (input) => ({ tag: input.tag }),
    run: async (input, ctx) => {
      appendFileSync(join(ctx.workspace.path, EFFECTS_LOG), `${input.tag}\n`);
      await hooks.afterEffect?.(input.tag);
      return done({ marked: input.tag });
    },
  });
}

function markTool(hooks: Hooks): AnyTool {
  return defineTool({
    name: 'mark',
    description: 'Append a tag to the effects log.',
    args: z.object({ tag: z.string().min(1) }).strict(),
    run: async (args, ctx) => {
      await hooks.beforeTool?.(args.tag);
      return passThrough(ctx, 'test.mark', { tag: args.tag });
    },
  });
}

/**
 * A deterministic model: turn N (the assistant turns in the transcript it is sent) answers
 * TURNS[N] with ids `call_<N>_<i>`, logging `asked <N>` to MODEL_LOG first.
 */
function fixtureModel(workspace: string, hooks: Hooks): ModelProvider {
  return {
    id: 'fixture:crash',
    async complete(request): Promise<ModelResponse> {
      const turn = request.messages.filter((m) => m.role === 'assistant').length;
      appendFileSync(join(workspace, MODEL_LOG), `asked ${turn}\n`);
      await hooks.beforeAnswer?.(turn);
      const calls = TURNS[turn] ?? TURNS[TURNS.length - 1] ?? [];
      return {
        text: null,
        toolCalls: calls.map((c, i) => ({ id: `call_${turn}_${i}`, ...c })),
        usage: { inputTokens: 10, outputTokens: 5 },
        stopReason: 'tool_calls',
        model: 'fixture',
      };
    },
  };
}

/** The syscall table and quantum body of the fixture agent over `workspace`. */
export function crashAgent(
  workspace: string,
  hooks: Hooks = {},
): { syscalls: readonly AnySyscall[]; body: QuantumBody; models: () => ModelProvider } {
  const model = fixtureModel(workspace, hooks);
  const tools = new Map(BUILTIN_TOOLS);
  tools.set('mark', markTool(hooks));
  return {
    syscalls: [...BUILTIN_SYSCALLS, markSyscall(hooks)],
    body: createAgentBody({ defaultModel: model.id, tools }),
    models: () => model,
  };
}

/** The model spec the fixture agent runs on (its provider's id). */
export const MODEL_SPEC = 'fixture:crash';

/**
 * Stores the fixture image straight into the store: `registerImage` accepts only built-in tool
 * names, and `mark` is this fixture's own.
 */
export async function installImage(runtime: Runtime): Promise<void> {
  await runtime.store.transact((tx) =>
    tx.insertImage(IMAGE, { by: 'operator', at: runtime.clock.now() }),
  );
}
