// Pieces every route definition repeats: a JSON request body and a JSON response.
import { z } from '@hono/zod-openapi';

const wireError = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      details: z.record(z.string(), z.unknown()),
      retryable: z.boolean(),
    }),
  })
  .openapi('Error');

/** A required JSON request body validated by `schema`. */
export function jsonBody<T extends z.ZodType>(schema: T) {
  return { required: true, content: { 'application/json': { schema } } } as const;
}

function errorResponse(description: string) {
  return { description, content: { 'application/json': { schema: wireError } } };
}

/** The error responses every route shares. */
const ERRORS = {
  400: errorResponse('Bad input: INVALID_INPUT, INVALID_ID, OUT_OF_RANGE'),
  401: errorResponse('Missing or wrong bearer token'),
  404: errorResponse('NOT_FOUND'),
  409: errorResponse('ILLEGAL_TRANSITION, ALREADY_EXISTS, VERSION_CONFLICT'),
} as const;

/** A JSON 200 response with `description`, and the shared error responses. */
export function jsonResponse(description: string) {
  return {
    200: { description, content: { 'application/json': { schema: z.unknown() } } },
    ...ERRORS,
  };
}

/** A JSON 201 (created) response with `description`, and the shared error responses. */
export function createdResponse(description: string) {
  return {
    201: { description, content: { 'application/json': { schema: z.unknown() } } },
    ...ERRORS,
  };
}

/** `value` without its undefined properties, typed so (zod's optional outputs admit undefined). */
export function defined<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]: Exclude<T[K], undefined>;
  };
}
