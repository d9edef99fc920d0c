// Dispatching one tool call of a persisted model turn, and persisting its result.
import type { Json } from '../../base/canonical-json.js';
import { isLibosError, LibosError, toLibosError } from '../../base/errors.js';
import type { AgentImage } from '../../kernel/agent/types.js';
import type { ToolCall } from '../../ports/model-provider.js';
import type { AnyTool, ToolOutcome } from '../../tools/define-tool.js';
import type { QuantumContext } from '../quantum-context.js';
import { parseInput } from '../inputs.js';

/** What happened to the call: its result was persisted, or the process now waits / stopped. */
export type DispatchOutcome = 'done' | 'blocked' | 'stopped';

/**
 * Runs `call` through its tool (if the image lists it) and persists the result. A denial or a
 * tool error becomes an error result the model sees, and the agent goes on. The call's id is the
 * idempotency base of every syscall it makes, so a crash-resumed call never re-runs an effect.
 */
export async function dispatchCall(
  ctx: QuantumContext,
  call: ToolCall,
  options: { image: AgentImage; tools: ReadonlyMap<string, AnyTool> },
): Promise<DispatchOutcome> {
  try {
    // Charged once per call: a call re-dispatched after a wait or a crash is not charged again.
    await ctx.charge({ toolCalls: 1 }, { once: call.id });
  } catch (error) {
    if (isLibosError(error, 'BUDGET_EXCEEDED')) return 'stopped';
    throw error;
  }
  let outcome: ToolOutcome;
  try {
    outcome = await runTool(ctx, call, options);
  } catch (thrown) {
    const error = toLibosError(thrown, `Calling ${call.name}`);
    if (error.code === 'STALE_LEASE' || error.code === 'CANCELLED') return 'stopped';
    await persist(ctx, call, {
      isError: true,
      value: { error: { code: error.code, message: error.message } },
    });
    return 'done';
  }
  if (outcome.blocked) return 'blocked';
  if (ctx.ended === 'exited') return 'stopped';
  await persist(ctx, call, { isError: false, value: outcome.value });
  // A call that completed by parking the process (sleep) ends the quantum after its result.
  return ctx.ended === 'blocked' ? 'blocked' : 'done';
}

async function runTool(
  ctx: QuantumContext,
  call: ToolCall,
  options: { image: AgentImage; tools: ReadonlyMap<string, AnyTool> },
): Promise<ToolOutcome> {
  const tool = options.image.tools.includes(call.name) ? options.tools.get(call.name) : undefined;
  if (tool === undefined) {
    throw new LibosError(
      'NOT_FOUND',
      `Calling ${JSON.stringify(call.name)} failed: no such tool in your tool table`,
    );
  }
  if ('__malformed' in call.arguments) {
    throw new LibosError(
      'INVALID_INPUT',
      `Calling ${call.name} failed: the arguments are not valid JSON`,
    );
  }
  const args: unknown = parseInput(tool.args, call.arguments, `Calling ${call.name}`);
  return tool.run(args, {
    syscall: (name, input, extra) =>
      ctx.syscall(name, input, {
        callId: extra?.part === undefined ? call.id : `${call.id}:${extra.part}`,
      }),
  });
}

async function persist(
  ctx: QuantumContext,
  call: ToolCall,
  result: { isError: boolean; value: Json },
): Promise<void> {
  const content = JSON.stringify(result.value);
  await ctx.record({
    items: [
      { kind: 'result', toolCallId: call.id, name: call.name, content, isError: result.isError },
    ],
    journal: [
      {
        type: 'tool.completed',
        data: {
          toolCallId: call.id,
          tool: call.name,
          isError: result.isError,
          bytes: content.length,
        },
      },
    ],
  });
}
