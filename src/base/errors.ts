// The one error class of agent-libos and its closed registry of stable codes.

/** Broad classes of failure; each decides who should act (caller, operator, retry loop). */
export type ErrorCategory =
  'caller' | 'policy' | 'conflict' | 'transient' | 'cancelled' | 'internal';

interface CodeSpec {
  readonly category: ErrorCategory;
  readonly retryable: boolean;
  readonly exitCode: number;
}

/** Every stable error code, with its category, retry flag and CLI exit code. */
export const ERROR_CODES = {
  INVALID_INPUT: { category: 'caller', retryable: false, exitCode: 2 },
  INVALID_ID: { category: 'caller', retryable: false, exitCode: 2 },
  OUT_OF_RANGE: { category: 'caller', retryable: false, exitCode: 2 },
  NOT_FOUND: { category: 'caller', retryable: false, exitCode: 3 },
  ALREADY_EXISTS: { category: 'caller', retryable: false, exitCode: 3 },
  ILLEGAL_TRANSITION: { category: 'caller', retryable: false, exitCode: 4 },
  NOT_PERMITTED: { category: 'policy', retryable: false, exitCode: 5 },
  BUDGET_EXCEEDED: { category: 'policy', retryable: false, exitCode: 5 },
  VERSION_CONFLICT: { category: 'conflict', retryable: true, exitCode: 6 },
  STALE_LEASE: { category: 'conflict', retryable: false, exitCode: 6 },
  STORE_LOCKED: { category: 'conflict', retryable: false, exitCode: 7 },
  STORE_BUSY: { category: 'transient', retryable: true, exitCode: 8 },
  MODEL_RATE_LIMITED: { category: 'transient', retryable: true, exitCode: 8 },
  MODEL_UNAVAILABLE: { category: 'transient', retryable: true, exitCode: 8 },
  /** A network request failed on the way (unresolvable name, refused or reset connection). */
  NETWORK_FAILED: { category: 'transient', retryable: true, exitCode: 8 },
  MODEL_REJECTED: { category: 'caller', retryable: false, exitCode: 2 },
  MODEL_BAD_RESPONSE: { category: 'internal', retryable: false, exitCode: 1 },
  CONTEXT_OVERFLOW: { category: 'caller', retryable: false, exitCode: 2 },
  /** A JIT tool threw, broke its stdio protocol or died without a result. */
  TOOL_FAILED: { category: 'caller', retryable: false, exitCode: 2 },
  /** An MCP server could not be started or reached, or it ended (mid-call or before). */
  MCP_UNAVAILABLE: { category: 'transient', retryable: true, exitCode: 8 },
  CANCELLED: { category: 'cancelled', retryable: false, exitCode: 9 },
  DEADLINE_EXCEEDED: { category: 'cancelled', retryable: true, exitCode: 9 },
  JOURNAL_TAMPERED: { category: 'internal', retryable: false, exitCode: 10 },
  STORE_CORRUPT: { category: 'internal', retryable: false, exitCode: 11 },
  INTERNAL: { category: 'internal', retryable: false, exitCode: 1 },
} as const satisfies Record<string, CodeSpec>;

/** A stable error code from the registry. */
export type ErrorCode = keyof typeof ERROR_CODES;

/** JSON-safe details: never host paths, foreign pids or exception text. */
export type ErrorDetails = Readonly<Record<string, string | number | boolean | null>>;

/** The one wire form of an error, shared by the CLI, the journal and tool results. */
export interface WireError {
  readonly code: ErrorCode;
  readonly message: string;
  readonly details: ErrorDetails;
  readonly retryable: boolean;
}

/** The single error class; `code` is stable, `message` says what was attempted. */
export class LibosError extends Error {
  override readonly name = 'LibosError';
  readonly code: ErrorCode;
  readonly details: ErrorDetails;

  constructor(
    code: ErrorCode,
    message: string,
    options: { details?: ErrorDetails; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = options.details ?? {};
  }

  /** Category of this error's code. */
  get category(): ErrorCategory {
    return ERROR_CODES[this.code].category;
  }

  /** Whether retrying the same call may succeed. */
  get retryable(): boolean {
    return ERROR_CODES[this.code].retryable;
  }

  /** CLI exit code for this error. */
  get exitCode(): number {
    return ERROR_CODES[this.code].exitCode;
  }

  /** The wire form, safe to show to a model or an operator. */
  toWire(): WireError {
    return {
      code: this.code,
      message: this.message,
      details: this.details,
      retryable: this.retryable,
    };
  }
}

/** True when `value` is a LibosError, optionally with the given code. */
export function isLibosError(value: unknown, code?: ErrorCode): value is LibosError {
  return value instanceof LibosError && (code === undefined || value.code === code);
}

/**
 * Converts anything thrown into a LibosError; unknown exceptions become INTERNAL with a generic
 * message so that no exception text or host detail leaks.
 */
export function toLibosError(value: unknown, attempted: string): LibosError {
  if (value instanceof LibosError) return value;
  return new LibosError('INTERNAL', `${attempted} failed: internal error`, { cause: value });
}
