// The HTTP status of each error code: the wire body is the same error the CLI and journal carry.
import type { ErrorCode } from '../base/errors.js';

const STATUS: Readonly<Record<ErrorCode, number>> = {
  INVALID_INPUT: 400,
  INVALID_ID: 400,
  OUT_OF_RANGE: 400,
  NOT_FOUND: 404,
  ALREADY_EXISTS: 409,
  ILLEGAL_TRANSITION: 409,
  NOT_PERMITTED: 403,
  BUDGET_EXCEEDED: 403,
  VERSION_CONFLICT: 409,
  STALE_LEASE: 409,
  STORE_LOCKED: 409,
  STORE_BUSY: 503,
  MODEL_RATE_LIMITED: 503,
  MODEL_UNAVAILABLE: 503,
  NETWORK_FAILED: 502,
  MODEL_REJECTED: 400,
  MODEL_BAD_RESPONSE: 502,
  CONTEXT_OVERFLOW: 400,
  TOOL_FAILED: 422,
  MCP_UNAVAILABLE: 502,
  CANCELLED: 503,
  DEADLINE_EXCEEDED: 504,
  JOURNAL_TAMPERED: 500,
  STORE_CORRUPT: 500,
  INTERNAL: 500,
};

/** The HTTP status an API response carries for `code`. */
export function httpStatusOf(code: ErrorCode): number {
  return STATUS[code];
}
