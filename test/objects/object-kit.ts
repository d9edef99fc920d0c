// Test kit for Object Memory suites: scripted processes that record what each syscall returned.
import { isLibosError } from '../../src/base/errors.js';
import type { QuantumContext } from '../../src/runtime/quantum-context.js';
import type { RuntimeOptions } from '../../src/runtime/runtime.js';
import { createTempRuntime, type TempRuntime } from '../../src/testing/temp-runtime.js';
import { scriptedBody, type Step } from '../runtime/scripted-bodies.js';

/** What one syscall gave back: its value, or the error's code and message. */
export type Outcome =
  | { readonly ok: true; readonly value: Record<string, unknown> }
  | { readonly ok: false; readonly code: string; readonly message: string };

/** Calls a syscall and records the outcome instead of throwing. */
export async function attempt(ctx: QuantumContext, name: string, input: unknown): Promise<Outcome> {
  try {
    const result = await ctx.syscall(name, input);
    if (result.blocked) return { ok: false, code: 'BLOCKED', message: 'blocked' };
    return { ok: true, value: result.value as Record<string, unknown> };
  } catch (error) {
    if (isLibosError(error)) return { ok: false, code: error.code, message: error.message };
    throw error;
  }
}

/** The value of a successful outcome; throws with the error otherwise. */
export function valueOf(outcome: Outcome | undefined): Record<string, unknown> {
  if (outcome === undefined) throw new Error('no outcome recorded');
  if (!outcome.ok) throw new Error(`expected success, got ${outcome.code}: ${outcome.message}`);
  return outcome.value;
}

/** A temp runtime whose processes run `scripts[goal]`, each step one quantum. */
export function objectRuntime(
  scripts: Record<string, Step>,
  options: Omit<RuntimeOptions, 'store' | 'clock' | 'body'> = {},
): Promise<TempRuntime> {
  return createTempRuntime({ ...options, body: scriptedBody(scripts) });
}

/** Runs `steps` in one quantum as the process, then exits it. */
export function once(steps: (ctx: QuantumContext) => Promise<void>): Step {
  return async (ctx) => {
    await steps(ctx);
    if (ctx.ended === null) await ctx.exit(null);
  };
}
