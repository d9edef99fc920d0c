// model.call: one call to a language model; needs `model:<provider>/<model> call`.
import { z } from 'zod';
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
 * is persisted (transcript, tokens charged to the process and its ancestors, `model.called` with
 * the request's and the answer's hashes) before the call settles. An intent a crash leaves
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
  recovery: 'retry',
  // `model.called`, in the command that persisted the answer, already records the model, the
  // hashes, the tokens and the tool calls; the outcome names the request to match it, no more.
  journal: (_input, output: ModelCallOutput) => ({ requestSha256: output.requestSha256 }),
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
