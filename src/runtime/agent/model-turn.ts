// One model call: budget check, context, the call, retry as a durable timer, and the persisted answer.
import { type LibosError, toLibosError } from '../../base/errors.js';
import type { AgentImage, TranscriptEntry } from '../../kernel/agent/types.js';
import type { ModelResponse, ToolSchema } from '../../ports/model-provider.js';
import type { AnyTool } from '../../tools/define-tool.js';
import type { QuantumContext } from '../quantum-context.js';
import { AGENT_DEFAULTS, type AgentLoopOptions } from './agent-options.js';
import { modelTurnCount, toMessages } from './transcript-view.js';
import type { ModelCallOutput } from '../../syscalls/model/call.js';
import type { JitTable } from '../../kernel/agent/jit-tool.js';
import { skillSection } from './skill-section.js';
import { endModelCallSpan } from '../telemetry/tracing.js';

/** The answer, or why the quantum must end now (a retry timer was set, or the budget paused it). */
export type TurnOutcome =
  | { readonly kind: 'answered'; readonly response: ModelResponse }
  | { readonly kind: 'waiting' }
  /** The provider said the context is too long: compact, then ask again. */
  | { readonly kind: 'overflow'; readonly error: LibosError };

/**
 * Calls the model once for `ctx`'s process through `model.call`, which persists the answer before
 * anything else happens (so a crash never asks the model again for a turn that has one).
 * Retryable provider errors become a durable sleep with capped exponential backoff; others fail
 * the process (thrown); an over-budget prompt applies the budget policy (BUDGET_EXCEEDED).
 */
export async function modelTurn(
  ctx: QuantumContext,
  input: {
    image: AgentImage;
    transcript: readonly TranscriptEntry[];
    modelSpec: string;
    /** This turn's index in the quantum (0 for the first). */
    turn: number;
    /** Retries of this turn so far (the `modelRetries` setting): sets the next backoff. */
    retries: number;
    tools: ReadonlyMap<string, AnyTool>;
    /** The JSON Schema of a tool, computed once per tool by the agent body that owns the table. */
    schemaOf: (tool: AnyTool) => ToolSchema;
    /** The process's own JIT tools: the model sees them after the image's tools. */
    jitTable: JitTable;
    options: AgentLoopOptions;
  },
): Promise<TurnOutcome> {
  const { options } = input;
  const contextTokens = options.contextTokens ?? AGENT_DEFAULTS.contextTokens;
  // Object Memory gets a fifth of the context budget, only what the model is cleared for; the
  // manifest is journaled.
  // The Skills it may use (names and descriptions only) are listed, and recorded in the manifest.
  const skills = await skillSection(ctx);
  const memory = await ctx.materializeContext({
    budgetTokens: Math.floor(contextTokens / 5),
    ...(input.image.modelClearance === undefined ? {} : { clearance: input.image.modelClearance }),
    ...(skills.manifest === null ? {} : { skills: skills.manifest }),
  });
  const system = [
    input.image.systemPrompt,
    `Your goal: ${ctx.process.goal}\nYour pid: ${ctx.pid}. Working directory: ${ctx.process.cwd}.`,
    ...(skills.text === '' ? [] : [skills.text]),
    ...(memory.included.length === 0
      ? []
      : [
          `Your memory (objects you can read):\n${memory.included.map((o) => `- ${o.namespace}/${o.name} (${o.type}, v${o.version}):\n${o.content}`).join('\n')}`,
        ]),
  ].join('\n\n');
  const messages = [
    { role: 'user' as const, content: ctx.process.goal },
    ...toMessages(input.transcript),
  ];
  const tools = [
    ...input.image.tools.flatMap((name) => {
      const tool = input.tools.get(name);
      return tool === undefined ? [] : [input.schemaOf(tool)];
    }),
    ...Object.values(input.jitTable).map((entry): ToolSchema => ({
      name: entry.name,
      description: entry.description,
      parameters: entry.argsSchema as ToolSchema['parameters'],
    })),
  ];
  options.onEvent?.({ type: 'model-call', pid: ctx.pid, model: input.modelSpec });
  let response: ModelResponse;
  const turn = modelTurnCount(input.transcript);
  // Under the quantum's span: a model call's span, with the model.call syscall's span inside it.
  const span = ctx.spans.startModelCall({ spec: input.modelSpec, turn });
  try {
    // The call crosses the boundary like any effect: `model:<provider>/<model> call`, an intent,
    // the answer persisted with its tokens and the call's completion. The quantum's fence and the turn's
    // index in it make its id unique (a crash-retried call is a new call).
    const result = await ctx.syscall(
      'model.call',
      {
        model: input.modelSpec,
        turn,
        request: {
          system,
          messages,
          tools,
          maxOutputTokens: options.maxOutputTokens ?? AGENT_DEFAULTS.maxOutputTokens,
        },
      },
      {
        callId: `model:${ctx.fence}.${input.turn}`,
        ...(span === undefined ? {} : { parent: span }),
      },
    );
    if (result.blocked) {
      if (span !== undefined) endModelCallSpan(span, { blocked: true });
      return { kind: 'waiting' };
    }
    response = (result.value as ModelCallOutput).response;
    if (span !== undefined) endModelCallSpan(span, response);
  } catch (thrown) {
    const error = toLibosError(thrown, 'Calling the model');
    if (span !== undefined) endModelCallSpan(span, { code: error.code });
    if (error.code === 'CONTEXT_OVERFLOW') return { kind: 'overflow', error };
    if (!error.retryable || error.code === 'CANCELLED') throw error;
    const retry = options.retry ?? AGENT_DEFAULTS.retry;
    const attempt = input.retries + 1;
    if (attempt > retry.maxAttempts) throw error;
    const asked = typeof error.details.retryAfterMs === 'number' ? error.details.retryAfterMs : 0;
    const delayMs = Math.min(retry.maxMs, Math.max(asked, retry.baseMs * 2 ** (attempt - 1)));
    await ctx.record({
      settings: { modelRetries: attempt },
      journal: [{ type: 'model.retrying', data: { code: error.code, attempt, delayMs } }],
    });
    options.onEvent?.({ type: 'retry', pid: ctx.pid, code: error.code, delayMs });
    await ctx.sleep(delayMs);
    return { kind: 'waiting' };
  }
  // Answered: the next turn's retries count from zero again.
  if (input.retries > 0) await ctx.record({ settings: { modelRetries: 0 } });
  return { kind: 'answered', response };
}
