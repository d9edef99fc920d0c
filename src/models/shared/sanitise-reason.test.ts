import { describe, expect, it } from 'vitest';
import { sanitiseReason } from './sanitise-reason.js';

describe('sanitiseReason', () => {
  it('redacts the given secrets and anything key-like, even partially masked', () => {
    const out = sanitiseReason(
      'bad key my-secret-value; Incorrect API key provided: sk-proj-abc***wxyz; Bearer abc.def',
      { secrets: ['my-secret-value'] },
    );
    expect(out).toBe(
      'bad key [redacted]; Incorrect API key provided: [redacted]; Bearer [redacted]',
    );
  });

  it('flattens control characters and cuts long text', () => {
    const out = sanitiseReason(`line one\nline\ttwo\u0000${'y'.repeat(400)}`, { secrets: [] });
    expect(out).not.toMatch(/\s\s|\n|\t/);
    expect(out).not.toContain(String.fromCharCode(0));
    expect(out!.length).toBe(200);
    expect(out!.endsWith('…')).toBe(true);
  });

  it('is null for missing or blank text', () => {
    expect(sanitiseReason(null, { secrets: [] })).toBeNull();
    expect(sanitiseReason(' \n ', { secrets: [] })).toBeNull();
  });
});
