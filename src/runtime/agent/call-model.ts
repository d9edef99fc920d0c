// A model call made for a process: budget check, the provider's answer, and that answer persisted with its tokens.
import { canonicalJson } from '../../base/canonical-json.js';
import { isLibosError, LibosError, toLibosError } from '../../base/errors.js';
import { sha256Hex } from '../../base/hash.js';
import type { AgentProcess } from '../../kernel/process/types.js';
import type { CallCompletion, ModelRequestBody } from '../../ports/kernel-ops.js';
import type { ModelProvider, ModelResponse } from '../../ports/model-provider.js';
import type { LeaseRef } from '../commands/block.js';
import { recordTurn } from '../commands/record-turn.js';
import type { RuntimeDeps } from '../deps.js';
import type { LiveChannel } from '../live-channel.js';
import { createDeltaStream, type DeltaStream } from './delta-stream.js';
import { estimateTokens } from './transcript-view.js';

/** Resolves a `provider:model` spec to its provider (may load it, e.g. a scripted file). */
export type ModelResolver = (spec: string) => ModelProvider | Promise<ModelProvider>;

/**
 * When model calls stream: `auto` (default) while someone in this process watches the calling
 * process on the runtime's live channel; `always`; `never` (for a server that cannot stream).
 */
export type StreamModels = 'auto' | 'always' | 'never';

/**
 * Calls `spec` for the process of `lease` and persists the answer before returning it: the model
 * turn in the transcript, its tokens charged to the process and every ancestor, and the
 * `model.call` syscall's completion (`completion`: its intent committed, the model, request and
 * answer hashes, token counts and tool names journaled), all in one transaction. The estimated prompt is checked against the token budget first; over it,
 * the budget policy applies and nothing is sent.
 * @throws BUDGET_EXCEEDED (nothing sent), INVALID_INPUT (no provider for the spec), the provider's
 *   MODEL_* and CONTEXT_OVERFLOW errors, CANCELLED
 */
export async function callModel(
  deps: RuntimeDeps,
  lease: LeaseRef,
  call: {
    spec: string;
    turn: number;
    request: ModelRequestBody;
    /** Called right before the request is sent: from then on the model has seen it. */
    onSend: () => void;
    process: AgentProcess;
    models: ModelResolver | undefined;
    signal: AbortSignal;
    /** The pipeline's settlement of the `model.call` syscall (absent: it settles afterwards). */
    completion?: CallCompletion;
    /** Where the answer's deltas go while it streams; absent: never streamed. */
    live?: LiveChannel;
    streamModels?: StreamModels;
  },
): Promise<{ response: ModelResponse; requestSha256: string }> {
  const { request, process } = call;
  if (call.models === undefined)
    throw new LibosError('INVALID_INPUT', 'Calling a model failed: the runtime has no models');
  const provider = await call.models(call.spec);
  const estimate = estimateTokens(
    request.system + JSON.stringify(request.messages) + JSON.stringify(request.tools),
  );
  const budget = process.budget.tokens;
  if (budget !== undefined && process.usage.tokens + estimate > budget)
    await recordTurn(deps, lease, { overBudget: 'tokens' }); // throws BUDGET_EXCEEDED
  const requestSha256 = sha256Hex(canonicalJson(request));
  const deltas = openDeltaStream(call);
  call.onSend();
  let response: ModelResponse;
  try {
    response = await provider.complete({
      ...request,
      caller: { pid: process.pid, goal: process.goal, name: process.name },
      turn: call.turn,
      signal: call.signal,
      ...(deltas === null ? {} : { onDelta: deltas.onDelta }),
    });
  } catch (error) {
    deltas?.end({ outcome: 'failed', code: toLibosError(error, 'Calling a model').code });
    throw error;
  }
  deltas?.end({ outcome: 'answered' });
  const output = { response, requestSha256 };
  const { completion } = call;
  try {
    await recordTurn(deps, lease, {
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
      ...(completion === undefined
        ? {}
        : { complete: (tx, at) => completion.settle(tx, output, at) }),
    });
  } catch (error) {
    // The answer is persisted and its tokens charged; going over the budget applied the policy
    // (the process is paused or killed), which its next step finds. The call itself succeeded.
    if (!isLibosError(error, 'BUDGET_EXCEEDED')) throw error;
  }
  completion?.committed();
  return output;
}

/** The delta stream of this call when it should stream (see StreamModels), else null. */
function openDeltaStream(call: {
  turn: number;
  process: AgentProcess;
  live?: LiveChannel;
  streamModels?: StreamModels;
}): DeltaStream | null {
  const { live } = call;
  if (live === undefined) return null;
  const mode = call.streamModels ?? 'auto';
  const wanted = mode === 'always' || (mode === 'auto' && live.wants(call.process.pid));
  return wanted ? createDeltaStream(live, { pid: call.process.pid, turn: call.turn }) : null;
}
