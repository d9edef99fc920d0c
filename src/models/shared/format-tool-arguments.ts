// Writes tool-call arguments back as the JSON text that OpenAI's wire formats carry.
import type { ToolArguments } from './parse-tool-arguments.js';

/**
 * The arguments as JSON text; arguments that were malformed (`{ __malformed: raw }`) are sent
 * back as the model's raw text, so the model sees what it actually wrote.
 */
export function formatToolArguments(args: ToolArguments): string {
  const keys = Object.keys(args);
  const raw = args.__malformed;
  if (keys.length === 1 && typeof raw === 'string') return raw;
  return JSON.stringify(args);
}
