// Validates a provider's 200 response body against the fields an adapter relies on.
import type { z } from 'zod';
import { badResponse } from './bad-response.js';
import { formatIssuePath } from './format-issue-path.js';

/**
 * The body parsed by `schema`; `path` prefixes field names when `body` is part of a larger one.
 * @throws MODEL_BAD_RESPONSE naming the first bad field (never the body's content).
 */
export function parseResponseBody<S extends z.ZodType>(
  schema: S,
  body: unknown,
  options: { readonly providerId: string; readonly path?: readonly PropertyKey[] },
): z.output<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = formatIssuePath([...(options.path ?? []), ...(issue?.path ?? [])]);
  return badResponse(options.providerId, `${where} is missing or has the wrong type`);
}
