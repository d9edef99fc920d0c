// defineTool: a model-facing tool is a name, a description, an argument schema and a thin body over syscalls.
import { z } from 'zod';
import type { Json } from '../base/canonical-json.js';
import type { ToolSchema } from '../ports/model-provider.js';
import type { SyscallResult } from '../syscalls/define-syscall.js';

/** What a tool body may do: call syscalls as its process (nothing else reaches the world). */
export interface ToolContext {
  /** Calls a syscall; `part` distinguishes several syscalls made by one tool call. */
  syscall(
    name: string,
    input: unknown,
    options?: { part?: string },
  ): Promise<SyscallResult<unknown>>;
  /**
   * Runs JIT tool source in the sandbox with this call's authority: each syscall the source makes
   * goes through `syscall` above, as this process. Absent when the runtime has no sandbox.
   */
  readonly runJit?: (request: { source: string; args: Json }) => Promise<ToolOutcome>;
}

/** A tool's outcome: a JSON result for the model, or the process now waits. */
export type ToolOutcome =
  { readonly blocked: false; readonly value: Json } | { readonly blocked: true };

/** A model-facing tool. */
export interface Tool<A = unknown> {
  readonly name: string;
  readonly description: string;
  readonly args: z.ZodType<A>;
  readonly run: (args: A, ctx: ToolContext) => Promise<ToolOutcome>;
}

/** Any tool, for tables. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a table holds tools of every argument type
export type AnyTool = Tool<any>;

/** Declares a tool. */
export function defineTool<A>(tool: Tool<A>): Tool<A> {
  return tool;
}

/** The JSON Schema the model sees for a tool. */
export function toolSchema(tool: AnyTool): ToolSchema {
  const schema = z.toJSONSchema(tool.args, { target: 'draft-2020-12' }) as { [key: string]: Json };
  const { $schema: _drop, ...parameters } = schema;
  return { name: tool.name, description: tool.description, parameters };
}

/** Runs one syscall and passes its result (or its blocking) straight through. */
export async function passThrough(
  ctx: ToolContext,
  name: string,
  input: unknown,
): Promise<ToolOutcome> {
  const result = await ctx.syscall(name, input);
  return result.blocked ? result : { blocked: false, value: result.value as Json };
}
