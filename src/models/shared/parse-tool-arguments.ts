// Turns a model's tool-call arguments (JSON text or an object) into a JSON object.
import type { Json } from '../../base/canonical-json.js';

/** Tool-call arguments as the port carries them. */
export type ToolArguments = { readonly [key: string]: Json };

/**
 * The arguments as a JSON object. Empty text means no arguments; text that is not a JSON object,
 * or a value that is not an object, becomes `{ __malformed: "<raw text>" }` so the agent loop can
 * answer the model with a tool error instead of failing the call.
 */
export function parseToolArguments(raw: unknown): ToolArguments {
  if (typeof raw === 'string') {
    if (raw.trim() === '') return {};
    try {
      const parsed: unknown = JSON.parse(raw);
      if (isJsonObject(parsed)) return parsed;
    } catch {
      // Falls through: malformed JSON is the model's mistake, reported back to it.
    }
    return { __malformed: raw };
  }
  if (isJsonObject(raw)) return raw;
  // JSON.stringify(undefined) is undefined at runtime, whatever its declared type says.
  const text = JSON.stringify(raw) as string | undefined;
  return { __malformed: text ?? 'undefined' };
}

// Values reaching here were produced by JSON.parse (ours or the SDK's), so they are JSON.
function isJsonObject(value: unknown): value is ToolArguments {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
