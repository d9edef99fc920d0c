// The run outcomes' exit codes stay apart from each other and from every error's exit code.
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../base/errors.js';
import { RUN_EXIT_CODES } from './run-exit-codes.js';

describe('RUN_EXIT_CODES', () => {
  it('gives each way a run stops its own exit code', () => {
    const codes = Object.values(RUN_EXIT_CODES).map((spec) => spec.exitCode);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('shares no exit code with an error code', () => {
    const errorExits = new Set<number>(Object.values(ERROR_CODES).map((spec) => spec.exitCode));
    for (const [stop, { exitCode }] of Object.entries(RUN_EXIT_CODES))
      expect(errorExits.has(exitCode), `${stop} exits ${exitCode}`).toBe(false);
  });

  it('exits 0 only when every process ended', () => {
    const zero = Object.entries(RUN_EXIT_CODES).filter(([, spec]) => spec.exitCode === 0);
    expect(zero.map(([stop]) => stop)).toEqual(['ended']);
  });
});
