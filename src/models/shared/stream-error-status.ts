// The HTTP status an error reported inside a response stream stands for, so it is classified alike.

// Anthropic's error types and OpenAI's error types and codes, by the status the same error has
// when the server can still answer with one.
const STATUS_BY_KIND: ReadonlyMap<string, number> = new Map(
  Object.entries({
    invalid_request_error: 400,
    context_length_exceeded: 400,
    authentication_error: 401,
    invalid_api_key: 401,
    billing_error: 402,
    permission_error: 403,
    not_found_error: 404,
    request_too_large: 413,
    rate_limit_error: 429,
    rate_limit_exceeded: 429,
    insufficient_quota: 429,
    api_error: 500,
    server_error: 500,
    timeout_error: 504,
    overloaded_error: 529,
  }),
);

/**
 * The status for an error event in a stream (which arrives after a 200, so it has none of its
 * own): the code's status if known, else the type's, else 500 — the server accepted the request,
 * so a failure it reports afterwards is its own and worth asking again.
 */
export function streamErrorStatus(error: {
  readonly code: string | null;
  readonly type: string | null;
}): number {
  const byCode = error.code === null ? undefined : STATUS_BY_KIND.get(error.code);
  const byType = error.type === null ? undefined : STATUS_BY_KIND.get(error.type);
  return byCode ?? byType ?? 500;
}
