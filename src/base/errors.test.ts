// Tests for the error registry, the wire form, and hiding foreign exception text.
import { describe, expect, it } from 'vitest';
import {
  ERROR_CODES,
  isLibosError,
  LibosError,
  toLibosError,
  type ErrorCategory,
  type ErrorCode,
} from './errors.js';

const CODES = Object.keys(ERROR_CODES) as ErrorCode[];
const CATEGORIES: readonly ErrorCategory[] = [
  'caller',
  'policy',
  'conflict',
  'transient',
  'cancelled',
  'internal',
];

describe('the error registry', () => {
  it.each(CODES)('gives %s a category, a retry flag and a CLI exit code', (code) => {
    const spec = ERROR_CODES[code];
    expect(CATEGORIES).toContain(spec.category);
    expect(typeof spec.retryable).toBe('boolean');
    expect(Number.isInteger(spec.exitCode)).toBe(true);
    // 0 means success; 126 and above are reserved by shells for exec failures and signals.
    expect(spec.exitCode).toBeGreaterThanOrEqual(1);
    expect(spec.exitCode).toBeLessThanOrEqual(125);
  });

  it('names codes in UPPER_SNAKE case', () => {
    for (const code of CODES) expect(code).toMatch(/^[A-Z]+(?:_[A-Z]+)*$/);
  });

  it('never shares an exit code between two categories', () => {
    const categoriesOfExit = new Map<number, Set<ErrorCategory>>();
    for (const code of CODES) {
      const { exitCode, category } = ERROR_CODES[code];
      categoriesOfExit.set(exitCode, (categoriesOfExit.get(exitCode) ?? new Set()).add(category));
    }
    const shared = [...categoriesOfExit].filter(([, categories]) => categories.size > 1);
    expect(shared).toEqual([]);
  });

  it('reserves exit code 1 for internal errors', () => {
    for (const code of CODES) {
      if (ERROR_CODES[code].exitCode === 1) expect(ERROR_CODES[code].category).toBe('internal');
    }
  });

  it('uses every category at least once', () => {
    const used = new Set(CODES.map((code) => ERROR_CODES[code].category));
    expect([...used].sort()).toEqual([...CATEGORIES].sort());
  });

  it('marks transient codes retryable and caller and policy codes not', () => {
    for (const code of CODES) {
      const { category, retryable } = ERROR_CODES[code];
      if (category === 'transient') expect(retryable).toBe(true);
      if (category === 'caller' || category === 'policy') expect(retryable).toBe(false);
    }
  });

  it('keeps CANCELLED and DEADLINE_EXCEEDED apart', () => {
    expect(ERROR_CODES.CANCELLED.retryable).toBe(false);
    expect(ERROR_CODES.DEADLINE_EXCEEDED.retryable).toBe(true);
  });
});

describe('LibosError', () => {
  it.each(CODES)('reports the registry entry for %s', (code) => {
    const error = new LibosError(code, 'Doing a thing failed');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('LibosError');
    expect(error.code).toBe(code);
    expect(error.category).toBe(ERROR_CODES[code].category);
    expect(error.retryable).toBe(ERROR_CODES[code].retryable);
    expect(error.exitCode).toBe(ERROR_CODES[code].exitCode);
  });

  it('defaults details to an empty object', () => {
    expect(new LibosError('NOT_FOUND', 'Reading a process failed').details).toEqual({});
  });

  it('has a wire form with exactly code, message, details and retryable', () => {
    const error = new LibosError('VERSION_CONFLICT', 'Updating a process failed: it changed', {
      details: { version: 3 },
      cause: new Error('SQLITE_BUSY at /home/someone/db'),
    });
    const wire = error.toWire();
    expect(Object.keys(wire).sort()).toEqual(['code', 'details', 'message', 'retryable']);
    expect(wire).toStrictEqual({
      code: 'VERSION_CONFLICT',
      message: 'Updating a process failed: it changed',
      details: { version: 3 },
      retryable: true,
    });
    expect(JSON.stringify(wire)).not.toContain('/home/someone');
  });

  it('round trips its wire form through JSON unchanged', () => {
    const wire = new LibosError('STORE_BUSY', 'Committing failed: busy', {
      details: { attempt: 2, table: 'processes', final: false, pid: null },
    }).toWire();
    expect(JSON.parse(JSON.stringify(wire))).toStrictEqual(wire);
  });
});

describe('isLibosError', () => {
  it('recognises a LibosError with or without a code', () => {
    const error = new LibosError('NOT_FOUND', 'Reading a process failed');
    expect(isLibosError(error)).toBe(true);
    expect(isLibosError(error, 'NOT_FOUND')).toBe(true);
    expect(isLibosError(error, 'INTERNAL')).toBe(false);
  });

  it('does not recognise look-alikes', () => {
    expect(isLibosError(new Error('x'))).toBe(false);
    expect(isLibosError({ name: 'LibosError', code: 'NOT_FOUND', message: 'x' })).toBe(false);
    expect(isLibosError(null)).toBe(false);
  });
});

describe('toLibosError', () => {
  it('returns a LibosError unchanged', () => {
    const error = new LibosError('STALE_LEASE', 'Writing a result failed: lease lost');
    expect(toLibosError(error, 'Running a quantum')).toBe(error);
  });

  it.each([
    ['an Error', new Error('ENOENT: /etc/shadow secret-token-123')],
    [
      'a TypeError',
      new TypeError("Cannot read properties of undefined (reading 'secret-token-123')"),
    ],
    ['a string', 'secret-token-123 at /etc/shadow'],
    ['a plain object', { message: 'secret-token-123', path: '/etc/shadow' }],
    ['undefined', undefined],
  ])('hides the text of %s behind INTERNAL', (_what, thrown) => {
    const error = toLibosError(thrown, 'Reading the workspace');
    expect(error.code).toBe('INTERNAL');
    expect(error.message).toBe('Reading the workspace failed: internal error');
    const wire = JSON.stringify(error.toWire());
    expect(wire).not.toContain('secret-token-123');
    expect(wire).not.toContain('/etc/shadow');
    expect(error.details).toEqual({});
  });

  it('keeps the foreign exception as the cause for operator logs', () => {
    const original = new Error('disk full');
    expect(toLibosError(original, 'Writing a checkpoint').cause).toBe(original);
  });
});
