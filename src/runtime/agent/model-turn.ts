// One model call: budget check, context, the call, retry as a durable timer, and the persisted answer.
import { canonicalJson } from '../../base/canonical-json.js';
import { type LibosError, toLibosError } from '../../base/errors.js';
import { sha256Hex } from '../../base/hash.js';
import type { AgentImage, TranscriptEntry } from '../../kernel/agent/types.js';
import type { ModelResponse } from '../../ports/model-provider.js';
import type { AnyTool } from '../../tools/define-tool.js';
import { toolSchema } from '../../tools/define-tool.js';
import type { QuantumContext } from '../quantum-context.js';
import { AGENT_DEFAULTS, type AgentLoopOptions } from './agent-options.js';
import { estimateTokens, modelTurnCount, toMessages } from './transcript-view.js';

/** The answer, or why the quantum must end now (a retry timer was set, or the budget paused it). */
export type TurnOutcome =
  | { readonly kind: 'answered'; readonly response: ModelResponse }
  | { readonly kind: 'waiting' }
  /** The provider said the context is too long: compact, then ask again. */
  | { readonly kind: 'overflow'; readonly error: LibosError };

/**
 * Calls the model once for `ctx`'s process and persists the answer before anything else happens
 * (so a crash never asks the model again for a turn that has one). Retryable provider errors
 * become a durable sleep with capped exponential backoff; others fail the process (thrown).
 */
export async function modelTurn(
  ctx: QuantumContext,
  input: {
    image: AgentImage;
    transcript: readonly TranscriptEntry[];
    modelSpec: string;
    tools: ReadonlyMap<string, AnyTool>;
    options: AgentLoopOptions;
  },
): Promise<TurnOutcome> {
  const { options } = input;
  const provider = await options.models(input.modelSpec);
  const contextTokens = options.contextTokens ?? AGENT_DEFAULTS.contextTokens;
  // Object Memory gets a fifth of the context budget; the manifest is journaled.
  const memory = await ctx.materializeContext({ budgetTokens: Math.floor(contextTokens / 5) });
  const system = [
    input.image.systemPrompt,
    `Your goal: ${ctx.process.goal}\nYour pid: ${ctx.pid}. Working directory: ${ctx.process.cwd}.`,
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
  const tools = input.image.tools.flatMap((name) => {
    const tool = input.tools.get(name);
    return tool === undefined ? [] : [toolSchema(tool)];
  });
  const estimate = estimateTokens(system + JSON.stringify(messages) + JSON.stringify(tools));
  // Tokens are checked before the call against the estimated prompt, and charged exactly after it.
  const budget = ctx.process.budget.tokens;
  if (budget !== undefined && ctx.process.usage.tokens + estimate > budget) {
    await ctx.record({ overBudget: 'tokens' }).catch(() => undefined);
    return { kind: 'waiting' };
  }
  options.onEvent?.({ type: 'model-call', pid: ctx.pid, model: provider.id });
  let response: ModelResponse;
  try {
    response = await provider.complete({
      system,
      messages,
      tools,
      maxOutputTokens: options.maxOutputTokens ?? AGENT_DEFAULTS.maxOutputTokens,
      caller: { pid: ctx.pid, goal: ctx.process.goal, name: ctx.process.name },
      turn: modelTurnCount(input.transcript),
      signal: ctx.signal,
    });
  } catch (thrown) {
    const error = toLibosError(thrown, 'Calling the model');
    if (error.code === 'CONTEXT_OVERFLOW') return { kind: 'overflow', error };
    if (!error.retryable || error.code === 'CANCELLED') throw error;
    const retry = options.retry ?? AGENT_DEFAULTS.retry;
    const attempt =
      Number((await ctx.store.read((r) => r.getSetting(ctx.pid, 'modelRetries'))) ?? 0) + 1;
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
  await ctx.record({
    items: [
      {
        kind: 'model',
        text: response.text,
        toolCalls: response.toolCalls,
        model: response.model,
        usage: response.usage,
      },
    ],
    usage: { tokens: response.usage.inputTokens + response.usage.outputTokens },
    settings: { modelRetries: 0 },
    journal: [
      {
        type: 'model.responded',
        data: {
          model: response.model,
          toolCalls: response.toolCalls.map((c) => c.name),
          inputTokens: response.usage.inputTokens,
          outputTokens: response.usage.outputTokens,
          responseSha256: sha256Hex(
            canonicalJson({ text: response.text, toolCalls: response.toolCalls }),
          ),
        },
      },
    ],
  });
  return { kind: 'answered', response };
}
