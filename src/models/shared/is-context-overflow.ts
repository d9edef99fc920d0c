// Recognises "the prompt is too long for the model" among provider HTTP errors.

// OpenAI and vLLM send `context_length_exceeded`; llama.cpp sends `exceed_context_size_error`.
const OVERFLOW_CODES = new Set(['context_length_exceeded', 'exceed_context_size_error']);
// Wordings of OpenAI, Anthropic ("prompt is too long"), vLLM, llama.cpp and Ollama.
const OVERFLOW_TEXT =
  /context[ _-]?(?:length|window|size)|maximum context|prompt is too long|input is too long|too many (?:input )?tokens|exceeds? the (?:available )?context/i;

/**
 * True when an HTTP error says the request did not fit the model's context window: status 413,
 * or a 400/422 whose error code, type or message says so.
 */
export function isContextOverflow(failure: {
  readonly status: number;
  readonly code: string | null;
  readonly type: string | null;
  readonly message: string | null;
}): boolean {
  if (failure.status === 413) return true;
  if (failure.status !== 400 && failure.status !== 422) return false;
  if (failure.code !== null && OVERFLOW_CODES.has(failure.code)) return true;
  if (failure.type !== null && OVERFLOW_CODES.has(failure.type)) return true;
  return failure.message !== null && OVERFLOW_TEXT.test(failure.message);
}
