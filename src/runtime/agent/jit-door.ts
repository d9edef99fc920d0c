// The runtime's side of JIT tools: the door a run's syscalls go through, and loading a registered source.
import type { Json } from '../../base/canonical-json.js';
import { decodeUtf8 } from '../../base/decode-utf8.js';
import { LibosError } from '../../base/errors.js';
import { sha256Hex } from '../../base/hash.js';
import { parseId } from '../../base/ids.js';
import type { JitToolEntry } from '../../kernel/agent/jit-tool.js';
import type { JitRunner } from '../../ports/jit-runner.js';
import type { ToolContext, ToolOutcome } from '../../tools/define-tool.js';
import type { QuantumContext } from '../quantum-context.js';
import { readObject } from '../objects/read-object.js';
import type { Span } from '@opentelemetry/api';

/**
 * Syscalls that are the agent loop's own machinery, never a tool's: a `model.call` persists a
 * model turn into the transcript the loop is dispatching from. Refused to guests before the
 * pipeline (the process's model authority is for its loop, not for code it wrote).
 */
const LOOP_ONLY: ReadonlySet<string> = new Set(['model.call']);

/**
 * `ToolContext.runJit` for the tool call `callId` of `ctx`'s process: the guest's n-th syscall is
 * made through the pipeline as this process with call id `<callId>:jit.<n>`, so a run re-dispatched
 * after a crash or a wait replays its state changes instead of repeating them. Undefined when the
 * runtime has no runner.
 */
export function jitDoor(
  ctx: QuantumContext,
  options: { runner: JitRunner | undefined; callId: string; parent?: Span },
): ToolContext['runJit'] {
  const { runner, callId } = options;
  const parent = options.parent === undefined ? {} : { parent: options.parent };
  if (runner === undefined) return undefined;
  return async (request): Promise<ToolOutcome> => {
    let made = 0;
    return runner.run({
      source: request.source,
      args: request.args,
      signal: ctx.signal,
      syscall: async (name, input) => {
        if (LOOP_ONLY.has(name))
          throw new LibosError(
            'NOT_PERMITTED',
            `${name} was refused: it belongs to the agent loop, not to a JIT tool`,
          );
        made += 1;
        const result = await ctx.syscall(name, input, {
          callId: `${callId}:jit.${String(made)}`,
          ...parent,
        });
        return result.blocked ? result : { blocked: false, value: (result.value ?? null) as Json };
      },
    });
  };
}

/**
 * The source of a registered tool: its pinned proposal version, read by the runtime (the entry
 * was authorised when registered, or inherited from a parent), checked against the sha256 the
 * registration journaled.
 * @throws STORE_CORRUPT when the source does not hash to the registered sha256
 */
export async function loadJitSource(ctx: QuantumContext, entry: JitToolEntry): Promise<string> {
  const { source } = entry;
  const read = await readObject(
    ctx.store,
    {
      namespace: source.namespace,
      name: source.objectName,
      id: parseId('object', source.objectId),
    },
    { version: source.version },
  );
  const text = (JSON.parse(decodeUtf8(read.bytes) ?? 'null') as { source?: unknown } | null)
    ?.source;
  if (typeof text !== 'string' || sha256Hex(text) !== source.sha256)
    throw new LibosError(
      'STORE_CORRUPT',
      `Loading the tool ${entry.name} failed: its source does not match the registered sha256`,
    );
  return text;
}
