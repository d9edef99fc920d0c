// Maps what the MCP SDK throws to the runtime's stable codes, with no host detail in the message.
import { abortError } from '../base/abort.js';
import { asciiOnly } from '../base/ascii-only.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { LibosError } from '../base/errors.js';

/** Most characters of a server's own error text kept (it is external, untrusted content). */
const SERVER_TEXT = 300;

/**
 * The LibosError for `error` thrown while `attempted` (already a LibosError: unchanged). An
 * abort of `signal` is its typed error (`abortError`: CANCELLED, or the reason it carries), the SDK's request timeout DEADLINE_EXCEEDED, a closed
 * connection MCP_UNAVAILABLE, a JSON-RPC error the server returned TOOL_FAILED with its text
 * (cut short; it is the server's, never the host's), anything else MCP_UNAVAILABLE.
 */
export function toMcpError(
  error: unknown,
  options: { readonly attempted: string; readonly signal: AbortSignal },
): LibosError {
  if (error instanceof LibosError) return error;
  const { attempted } = options;
  if (options.signal.aborted) return abortError(options.signal, attempted);
  if (error instanceof McpError) {
    if (error.code === (ErrorCode.RequestTimeout as number))
      return new LibosError(
        'DEADLINE_EXCEEDED',
        `${attempted} failed: the server did not answer in time`,
      );
    if (error.code === (ErrorCode.ConnectionClosed as number))
      return new LibosError('MCP_UNAVAILABLE', `${attempted} failed: the server ended`);
    return new LibosError(
      'TOOL_FAILED',
      `${attempted} failed: the server refused it: ${asciiOnly(error.message).slice(0, SERVER_TEXT)}`,
      { details: { mcpCode: error.code } },
    );
  }
  return new LibosError(
    'MCP_UNAVAILABLE',
    `${attempted} failed: the server could not be reached or sent something malformed`,
  );
}
