// Assertion helper for the conformance suite: a promise rejects with a LibosError of one code.
import { expect } from 'vitest';
import { LibosError, type ErrorCode } from '../../base/errors.js';

/** Asserts that `promise` rejects with a LibosError whose code is `code`; returns the error. */
export async function expectCode(promise: Promise<unknown>, code: ErrorCode): Promise<LibosError> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error, `expected a rejection with ${code}`).toBeInstanceOf(LibosError);
  expect((error as LibosError).code).toBe(code);
  return error as LibosError;
}
