// model.call: one call to a language model; needs `model:<provider>/<model> call`.
import { z } from 'zod';
import { canonicalJson } from '../../base/canonical-json.js';
import { sha256Hex } from '../../base/hash.js';
import { modelResource } from '../../kernel/agent/model-resource.js';
import type { ModelResponse } from '../../ports/model-provider.js';
import { defineSyscall, done } from '../define-syscall.js';
import { modelRequestInput } from './model-request-input.js';

/** What model.call returns: the answer, and the hash of the request that was sent. */
export interface ModelCallOutput {
  readonly response: ModelResponse;
  readonly requestSha256: string;
}

/**
 * Calls the model `model` (a `provider:model` spec) with `request`. The model sees the request,
 * so the call is an effect that leaves the runtime: an intent is committed first, and the answer
 * is persisted (transcript, tokens charged to the process and its ancestors) in the same
 * transaction as the call's settlement and its `syscall.completed`, which records the model, the
 * request's and the answer's hashes, the tokens and the tool calls. An intent a crash leaves
 * pending is settled `unknown` and the process asks again (a model call changes nothing in the
 * world), instead of pausing for an operator.
 */
export const modelCall = defineSyscall({
  name: 'model.call',
  summary: 'Call a language model with a request and return its answer.',
  input: z
    .object({
      model: z.string().min(1).max(4096),
      /** The process's model turn count (scripted models answer by it). */
      turn: z.number().int().min(0),
      request: modelRequestInput,
    })
    .strict(),
  resources: (input) => [{ resource: modelResource(input.model), right: 'call' }],
  effect: 'external',
  // The request (the transcript, what the process read) leaves for the model's provider:
  // cleared by the runtime's model clearance or a rule on `model:<provider>/<model>`.
  exit: (input) => ({ kind: 'model', target: modelResource(input.model).path }),
  recovery: 'retry',
  settlesInline: true,
  journal: (_input, { response, requestSha256 }: ModelCallOutput) => ({
    model: response.model,
    requestSha256,
    responseSha256: sha256Hex(
      canonicalJson({ text: response.text, toolCalls: response.toolCalls }),
    ),
    inputTokens: response.usage.inputTokens,
    outputTokens: response.usage.outputTokens,
    toolCalls: response.toolCalls.map((c) => c.name),
  }),
  run: async (input, ctx) =>
    done(
      await ctx.kernel.callModel({
        spec: input.model,
        turn: input.turn,
        request: input.request,
        // Once sent, the request has left the machine: a later error is no "nothing happened".
        onSend: () => {
          ctx.effectStarted();
        },
      }),
    ),
});
