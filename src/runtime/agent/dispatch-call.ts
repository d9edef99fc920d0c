// Dispatching one tool call of a persisted model turn, and persisting its result.
import type { Json } from '../../base/canonical-json.js';
import { isLibosError, LibosError, toLibosError, type ErrorCode } from '../../base/errors.js';
import type { AgentImage } from '../../kernel/agent/types.js';
import type { ToolCall } from '../../ports/model-provider.js';
import type { AnyTool, ToolOutcome } from '../../tools/define-tool.js';
import type { QuantumContext } from '../quantum-context.js';
import { parseInput } from '../inputs.js';
import type { ToolCallOutcome } from './agent-options.js';
import type { JitTable } from '../../kernel/agent/jit-tool.js';
import type { JitRunner } from '../../ports/jit-runner.js';
import { validateJsonSchema } from '../../kernel/object/validate-json-schema.js';
import { jitDoor, loadJitSource } from './jit-door.js';
import type { Span } from '@opentelemetry/api';
import { endOutcomeSpan } from '../telemetry/tracing.js';

/**
 * What happened to the call. `next`: its result was persisted (`done`), the process now waits
 * (`blocked`), or the quantum must end (`stopped`). `outcome` and `code`: what the call came to,
 * for progress displays (a refusal the model sees as an error result is `denied` or `failed`).
 */
export interface DispatchOutcome {
  readonly next: 'done' | 'blocked' | 'stopped';
  readonly outcome: ToolCallOutcome;
  readonly code: ErrorCode | null;
}

/**
 * Runs `call` through its tool (if the image lists it) and persists the result. A denial or a
 * tool error becomes an error result the model sees, and the agent goes on. The call's id is the
 * idempotency base of every syscall it makes, so a crash-resumed call never re-runs an effect.
 */
export async function dispatchCall(
  ctx: QuantumContext,
  call: ToolCall,
  options: DispatchOptions,
): Promise<DispatchOutcome> {
  const span = ctx.spans.startToolCall({ name: call.name, id: call.id });
  if (span === undefined) return dispatchTraced(ctx, call, { ...options, span });
  let dispatched: DispatchOutcome;
  try {
    dispatched = await dispatchTraced(ctx, call, { ...options, span });
  } catch (error) {
    endOutcomeSpan(span, {
      key: 'tool',
      outcome: 'failed',
      code: toLibosError(error, call.name).code,
    });
    throw error;
  }
  endOutcomeSpan(span, { key: 'tool', outcome: dispatched.outcome, code: dispatched.code });
  return dispatched;
}

/** What dispatching needs besides the call. */
interface DispatchOptions {
  readonly image: AgentImage;
  readonly tools: ReadonlyMap<string, AnyTool>;
  /** The process's own JIT tools, and the sandbox that runs them (absent: none). */
  readonly jit: { readonly table: JitTable; readonly runner: JitRunner | undefined };
  /** The quantum ends after this call (the turn's last, the slice used up): its result and the yield are one command. */
  readonly yieldAfter: boolean;
}

async function dispatchTraced(
  ctx: QuantumContext,
  call: ToolCall,
  options: DispatchOptions & { readonly span: Span | undefined },
): Promise<DispatchOutcome> {
  try {
    // Charged once per call: a call re-dispatched after a wait or a crash is not charged again.
    await ctx.charge({ toolCalls: 1 }, { once: call.id });
  } catch (error) {
    if (isLibosError(error, 'BUDGET_EXCEEDED'))
      return { next: 'stopped', outcome: 'denied', code: error.code };
    throw error;
  }
  let outcome: ToolOutcome;
  try {
    outcome = await runTool(ctx, call, options);
  } catch (thrown) {
    const error = toLibosError(thrown, `Calling ${call.name}`);
    const refused = error.category === 'policy' ? 'denied' : 'failed';
    if (error.code === 'STALE_LEASE' || error.code === 'CANCELLED')
      return { next: 'stopped', outcome: refused, code: error.code };
    await persist(ctx, call, {
      isError: true,
      value: { error: { code: error.code, message: error.message } },
      yieldAfter: options.yieldAfter,
    });
    return { next: 'done', outcome: refused, code: error.code };
  }
  if (outcome.blocked) return { next: 'blocked', outcome: 'blocked', code: null };
  if (ctx.ended === 'exited') return { next: 'stopped', outcome: 'ok', code: null };
  await persist(ctx, call, {
    isError: false,
    value: outcome.value,
    yieldAfter: options.yieldAfter,
  });
  // A call that completed by parking the process (sleep) ends the quantum after its result.
  return ctx.ended === 'blocked'
    ? { next: 'blocked', outcome: 'blocked', code: null }
    : { next: 'done', outcome: 'ok', code: null };
}

async function runTool(
  ctx: QuantumContext,
  call: ToolCall,
  options: {
    image: AgentImage;
    tools: ReadonlyMap<string, AnyTool>;
    jit: { readonly table: JitTable; readonly runner: JitRunner | undefined };
    span: Span | undefined;
  },
): Promise<ToolOutcome> {
  const tool = options.image.tools.includes(call.name) ? options.tools.get(call.name) : undefined;
  const parent = options.span === undefined ? {} : { parent: options.span };
  const runJit = jitDoor(ctx, { runner: options.jit.runner, callId: call.id, ...parent });
  const entry = Object.hasOwn(options.jit.table, call.name)
    ? options.jit.table[call.name]
    : undefined;
  if (tool === undefined && entry !== undefined && !('__malformed' in call.arguments)) {
    // A JIT tool of this process: its arguments are checked against the schema it registered.
    const problems = validateJsonSchema(entry.argsSchema, call.arguments);
    if (problems.length > 0)
      throw new LibosError(
        'INVALID_INPUT',
        `Calling ${call.name} failed: the arguments do not match its schema: ${problems.join('; ')}`,
      );
    if (runJit === undefined)
      throw new LibosError('INTERNAL', `Calling ${call.name} failed: this runtime has no sandbox`);
    return runJit({ source: await loadJitSource(ctx, entry), args: call.arguments });
  }
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
        ...parent,
      }),
    ...(runJit === undefined ? {} : { runJit }),
  });
}

async function persist(
  ctx: QuantumContext,
  call: ToolCall,
  result: { isError: boolean; value: Json; yieldAfter: boolean },
): Promise<void> {
  const content = JSON.stringify(result.value);
  await ctx.record({
    // Unless the call parked the process (a sleep), the quantum ends with this result.
    yieldAfter: result.yieldAfter && ctx.ended === null,
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
