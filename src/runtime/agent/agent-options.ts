// Options of the agent loop, with their defaults.
import type { ErrorCode } from '../../base/errors.js';
import type { AnyTool } from '../../tools/define-tool.js';
import type { JitRunner } from '../../ports/jit-runner.js';

/**
 * What became of one tool call: `ok`; `denied` (a policy refusal, e.g. NOT_PERMITTED or
 * BUDGET_EXCEEDED); `failed` (any other error); `blocked` (the process now waits on a human, a
 * child, a message or a timer).
 */
export type ToolCallOutcome = 'ok' | 'denied' | 'failed' | 'blocked';

/** Something that happened in the loop, for live progress displays. */
export type AgentEvent =
  | { readonly type: 'model-call'; readonly pid: string; readonly model: string }
  | {
      readonly type: 'tool-call';
      readonly pid: string;
      readonly tool: string;
      readonly outcome: ToolCallOutcome;
      /** The error code of a denied or failed call; null when it succeeded or blocked. */
      readonly code: ErrorCode | null;
    }
  | {
      readonly type: 'retry';
      readonly pid: string;
      readonly code: string;
      readonly delayMs: number;
    };

/** Configuration of the agent loop. */
export interface AgentLoopOptions {
  /** Used when neither the process nor its image names a model. */
  readonly defaultModel: string;
  /** The tool implementations (default: the built-in table). */
  readonly tools?: ReadonlyMap<string, AnyTool>;
  /** Context window budget in tokens; older turns are compacted past it (default 100,000). */
  readonly contextTokens?: number;
  /** Most output tokens per call (default 4,096). */
  readonly maxOutputTokens?: number;
  /** Capped exponential backoff for retryable model errors. */
  readonly retry?: {
    readonly baseMs: number;
    readonly maxMs: number;
    readonly maxAttempts: number;
  };
  /**
   * How long one quantum may go on: after a turn whose calls all completed, the process keeps its
   * lease for the next turn while it has had fewer than `maxTurns` turns and less than `sliceMs`
   * of the runtime's clock has passed since the quantum began (default 8 turns, 500 ms: what a
   * runnable process waits at most for a slot held by fast turns). A slow model call uses up the
   * slice, so then every turn is a quantum of its own.
   */
  readonly quantum?: { readonly maxTurns: number; readonly sliceMs: number };
  readonly onEvent?: (event: AgentEvent) => void;
  /** The sandbox JIT tools run in (`src/sandbox/`, injected); absent: JIT tools cannot run. */
  readonly jit?: JitRunner;
}

/** Defaults for the optional settings. */
export const AGENT_DEFAULTS = {
  contextTokens: 100_000,
  maxOutputTokens: 4_096,
  retry: { baseMs: 1_000, maxMs: 5 * 60_000, maxAttempts: 8 },
  quantum: { maxTurns: 8, sliceMs: 500 },
} as const;
