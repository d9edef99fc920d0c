// Picks the human-readable message out of a provider's JSON error object.

/** `error.message` when the error body is an object with a string message, the body itself when it is a string, else null. */
export function errorMessageOf(error: unknown): string | null {
  if (typeof error === 'string') return error;
  if (typeof error !== 'object' || error === null) return null;
  const message: unknown = (error as { message?: unknown }).message;
  return typeof message === 'string' ? message : null;
}
