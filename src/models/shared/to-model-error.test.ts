import { describe, expect, it } from 'vitest';
import type { ErrorCode } from '../../base/errors.js';
import type { ProviderFailure } from './provider-failure.js';
import { toModelError, type ModelErrorContext } from './to-model-error.js';

const idle = new AbortController().signal;
const context: ModelErrorContext = {
  providerId: 'openai:gpt-test',
  callerSignal: idle,
  timeoutSignal: idle,
  secrets: ['sk-secret-123456'],
  now: 0,
};

const http = (
  status: number,
  fields: { code?: string; type?: string; message?: string } = {},
): ProviderFailure => ({
  kind: 'http',
  status,
  headers: undefined,
  code: fields.code ?? null,
  type: fields.type ?? null,
  message: fields.message ?? null,
});

describe('toModelError', () => {
  it.each<[string, ProviderFailure, ErrorCode, Record<string, unknown>]>([
    ['no connection', { kind: 'connection' }, 'MODEL_UNAVAILABLE', { reason: 'connection' }],
    ['an SDK timeout', { kind: 'timeout' }, 'MODEL_UNAVAILABLE', { reason: 'timeout' }],
    ['an unparseable body', { kind: 'malformed' }, 'MODEL_BAD_RESPONSE', {}],
    ['an abort nobody asked for', { kind: 'aborted' }, 'CANCELLED', {}],
    ['429', http(429), 'MODEL_RATE_LIMITED', { status: 429 }],
    ['429 out of quota', http(429, { code: 'insufficient_quota' }), 'MODEL_REJECTED', {}],
    ['408', http(408), 'MODEL_UNAVAILABLE', { reason: 'timeout' }],
    ['409', http(409), 'MODEL_UNAVAILABLE', { reason: 'server_error' }],
    ['500', http(500), 'MODEL_UNAVAILABLE', { reason: 'server_error' }],
    ['529', http(529), 'MODEL_UNAVAILABLE', { reason: 'overloaded' }],
    ['413', http(413), 'CONTEXT_OVERFLOW', {}],
    [
      '400 context_length_exceeded',
      http(400, { code: 'context_length_exceeded' }),
      'CONTEXT_OVERFLOW',
      {},
    ],
    ['422 prompt too long', http(422, { message: 'Prompt is too long' }), 'CONTEXT_OVERFLOW', {}],
    ['400', http(400, { message: 'bad tool schema' }), 'MODEL_REJECTED', { status: 400 }],
    ['401', http(401), 'MODEL_REJECTED', { status: 401 }],
    ['403', http(403), 'MODEL_REJECTED', { status: 403 }],
    ['404', http(404), 'MODEL_REJECTED', { status: 404 }],
    ['302', http(302), 'MODEL_BAD_RESPONSE', { status: 302 }],
  ])('maps %s to its code', (_label, failure, code, details) => {
    const error = toModelError(failure, context);
    expect(error.code).toBe(code);
    expect(error.details).toMatchObject(details);
    expect(error.message).toMatch(/^Calling model openai:gpt-test /);
  });

  it('says CANCELLED or DEADLINE_EXCEEDED when the caller signal fired, whatever the SDK said', () => {
    const cancelled = new AbortController();
    cancelled.abort();
    expect(toModelError(http(500), { ...context, callerSignal: cancelled.signal }).code).toBe(
      'CANCELLED',
    );
    const timedOut = new AbortController();
    timedOut.abort(new DOMException('late', 'TimeoutError'));
    expect(
      toModelError({ kind: 'aborted' }, { ...context, callerSignal: timedOut.signal }).code,
    ).toBe('DEADLINE_EXCEEDED');
  });

  it('says MODEL_UNAVAILABLE (timeout) when only our own timeout fired', () => {
    const timeout = new AbortController();
    timeout.abort();
    const error = toModelError({ kind: 'aborted' }, { ...context, timeoutSignal: timeout.signal });
    expect(error.code).toBe('MODEL_UNAVAILABLE');
    expect(error.details.reason).toBe('timeout');
  });

  it('keeps secrets out of the reason it quotes', () => {
    const error = toModelError(http(400, { message: 'key sk-secret-123456 is odd' }), context);
    expect(error.message).toContain('[redacted]');
    expect(error.message).not.toContain('sk-secret-123456');
  });
});
