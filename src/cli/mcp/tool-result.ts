// What an MCP tool of `mcp serve` answers: JSON text, or the error's wire form flagged as an error.
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { toLibosError } from '../../base/errors.js';
import type { CliIo } from '../cli-io.js';
import { writeJson } from '../format/write-json.js';

/** `value` as one JSON text item, escaped as `--json` output is (see write-json.ts). */
export function jsonResult(value: unknown): CallToolResult {
  return { content: [{ type: 'text', text: jsonText(value) }] };
}

/**
 * A tool error: `{ error: { code, message, details, retryable } }` with `isError`. Anything that
 * is not a LibosError becomes INTERNAL with no exception text, as on the command line.
 */
export function errorResult(error: unknown, attempted: string): CallToolResult {
  return {
    isError: true,
    content: [{ type: 'text', text: jsonText({ error: toLibosError(error, attempted).toWire() }) }],
  };
}

/** Runs `act` and turns what it returns or throws into a tool result. */
export async function answer(
  attempted: string,
  act: () => Promise<unknown>,
): Promise<CallToolResult> {
  try {
    return jsonResult(await act());
  } catch (error) {
    return errorResult(error, attempted);
  }
}

function jsonText(value: unknown): string {
  let text = '';
  const sink: CliIo = {
    stdout: (chunk) => {
      text += chunk;
    },
    stderr: () => undefined,
  };
  writeJson(sink, value);
  return text.trimEnd();
}
