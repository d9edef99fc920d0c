// The agent loop as a quantum body: resume pending calls, or ask the model once and dispatch its calls.
import type { Json } from '../../base/canonical-json.js';
import { isLibosError, LibosError } from '../../base/errors.js';
import type { QuantumBody, QuantumContext } from '../quantum-context.js';
import { BUILTIN_TOOLS } from '../../tools/tool-table.js';
import { toolSchema, type AnyTool } from '../../tools/define-tool.js';
import type { ToolSchema } from '../../ports/model-provider.js';
import { AGENT_DEFAULTS, type AgentLoopOptions } from './agent-options.js';
import { compactIfNeeded } from './compact.js';
import { dispatchCall } from './dispatch-call.js';
import { loadPinnedImage } from './image-registry.js';
import { modelTurn } from './model-turn.js';
import { finalAnswer, pendingCalls } from './transcript-view.js';
import { readTranscript } from './read-transcript.js';
import { JIT_TABLE_SETTING, parseJitTable } from '../../kernel/agent/jit-tool.js';

/**
 * The agent loop. One turn: if the last persisted model turn still has undispatched tool calls
 * (a crash, or a call that blocked), dispatch them without asking the model again; otherwise
 * compact the context if needed, make one model call, persist it, and dispatch its calls in order.
 * A quantum runs turns while its slice lasts (`AgentLoopOptions.quantum`), reading only what each
 * turn appended; it ends early when a call blocks (human, child, message, timer).
 */
export function createAgentBody(options: AgentLoopOptions): QuantumBody {
  const tools = options.tools ?? BUILTIN_TOOLS;
  // Tool tables are fixed per body: each tool's JSON Schema is generated once, not per model turn.
  const schemas = new Map<AnyTool, ToolSchema>();
  const schemaOf = (tool: AnyTool): ToolSchema => {
    let schema = schemas.get(tool);
    if (schema === undefined) {
      schema = toolSchema(tool);
      schemas.set(tool, schema);
    }
    return schema;
  };
  return async (ctx) => {
    try {
      await quantum(ctx, { options, tools, schemaOf });
    } catch (error) {
      // The budget policy already paused or killed the process; nothing more to do this quantum.
      if (isLibosError(error, 'BUDGET_EXCEEDED')) return;
      throw error;
    }
  };
}

async function quantum(
  ctx: QuantumContext,
  input: {
    options: AgentLoopOptions;
    tools: ReadonlyMap<string, AnyTool>;
    schemaOf: (tool: AnyTool) => ToolSchema;
  },
): Promise<void> {
  const { options, tools, schemaOf } = input;
  const slice = options.quantum ?? AGENT_DEFAULTS.quantum;
  const began = ctx.now();
  // What a quantum starts from, in one snapshot: the image version the process is pinned to (never
  // simply the newest), the transcript, and the settings the model turn needs (the remembered
  // model, the retries of the current turn so far).
  const start = await ctx.store.read(async (r) => ({
    image: await loadPinnedImage(r, ctx.process),
    transcript: await readTranscript(r, ctx.pid, 0),
    model: await r.getSetting(ctx.pid, 'model'),
    retries: Number((await r.getSetting(ctx.pid, 'modelRetries')) ?? 0),
    jitTable: parseJitTable(await r.getSetting(ctx.pid, JIT_TABLE_SETTING)),
  }));
  const { image } = start;
  let { transcript, model: remembered, retries, jitTable } = start;
  for (let turn = 0; ; turn++) {
    // The slice is checked when a turn ends: the process keeps its lease for the next one.
    const canGoOn = (): boolean =>
      turn + 1 < slice.maxTurns && ctx.now() - began < slice.sliceMs && !ctx.signal.aborted;
    let calls = pendingCalls(transcript);
    if (calls.length === 0) {
      const answer = finalAnswer(transcript);
      if (answer !== null) {
        // The model answered in text without calling exit: that answer is the result.
        await ctx.exit(answer);
        return;
      }
      if (
        await compactIfNeeded(ctx, transcript, {
          budgetTokens: options.contextTokens ?? AGENT_DEFAULTS.contextTokens,
        })
      ) {
        transcript = await ctx.store.read((r) => readTranscript(r, ctx.pid, 0));
      }
      const modelSpec = await chooseModel(ctx, {
        remembered,
        imageModel: image.defaultModel,
        fallback: options.defaultModel,
      });
      remembered = modelSpec;
      const outcome = await modelTurn(ctx, {
        image,
        transcript,
        modelSpec,
        turn,
        retries,
        tools,
        schemaOf,
        jitTable,
        options,
      });
      if (outcome.kind === 'waiting') return;
      if (outcome.kind === 'overflow') {
        // Compact older turns into a summary object and ask again next quantum; with nothing left
        // to compact the overflow is final.
        if (await compactIfNeeded(ctx, transcript, { budgetTokens: 0 })) return;
        throw outcome.error;
      }
      retries = 0;
      calls = [...outcome.response.toolCalls];
      // A text answer becomes the result at the start of the next turn, in this quantum or the next.
      if (calls.length === 0 && !canGoOn()) return;
    }
    for (const [index, call] of calls.entries()) {
      if (ctx.signal.aborted) return;
      const last = index === calls.length - 1;
      const dispatched = await dispatchCall(ctx, call, {
        image,
        tools,
        jit: { table: jitTable, runner: options.jit },
        yieldAfter: last && !canGoOn(),
      });
      options.onEvent?.({
        type: 'tool-call',
        pid: ctx.pid,
        tool: call.name,
        outcome: dispatched.outcome,
        code: dispatched.code,
      });
      if (dispatched.next !== 'done') return;
    }
    if (ctx.ended !== null || ctx.signal.aborted) return;
    // The next turn goes on from what this one appended, and from the process as it is now (its
    // usage grew; an operator may have acted on it).
    const after = transcript.at(-1)?.seq ?? 0;
    const next = await ctx.store.read(async (r) => ({
      added: await readTranscript(r, ctx.pid, after),
      process: await r.getProcess(ctx.pid),
      // A tool registered this turn is in the table from the next one.
      jitTable: parseJitTable(await r.getSetting(ctx.pid, JIT_TABLE_SETTING)),
    }));
    if (!ctx.observe(next.process)) return;
    // An exec (or an operator's setImageVersion) moved the pin: the next quantum runs the new image.
    if (next.process?.imageId !== image.id || next.process.imageVersion !== image.version) return;
    transcript = [...transcript, ...next.added];
    jitTable = next.jitTable;
  }
}

async function chooseModel(
  ctx: QuantumContext,
  input: { remembered: Json | undefined; imageModel: string | null; fallback: string },
): Promise<string> {
  if (typeof input.remembered === 'string') return input.remembered;
  const spec = input.imageModel ?? input.fallback;
  if (spec.length === 0)
    throw new LibosError('INVALID_INPUT', 'Running an agent failed: no model was chosen for it');
  await ctx.record({ settings: { model: spec } });
  return spec;
}
