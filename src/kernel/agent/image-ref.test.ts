// parseImageRef and formatImageRef: every spelling of a version, accepted or refused, never read as "the newest".
import { describe, expect, it } from 'vitest';
import { formatImageRef, parseImageRef } from './image-ref.js';

describe('parseImageRef', () => {
  it.each([
    ['base', {}, { id: 'base' }],
    ['base@3', {}, { id: 'base', version: 3 }],
    ['base', { version: 2 }, { id: 'base', version: 2 }],
    ['base@2', { version: 2 }, { id: 'base', version: 2 }],
    ['my-image@12', {}, { id: 'my-image', version: 12 }],
  ])('reads %s (%o) as %o', (ref, options, expected) => {
    expect(parseImageRef(ref, options)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['base@x', {}, /"x" is not an image version/],
    ['base@0', {}, /"0" is not an image version/],
    ['base@', {}, /"" is not an image version/],
    ['base@01', {}, /"01" is not an image version/],
    ['base@-1', {}, /"-1" is not an image version/],
    ['base@1.5', {}, /"1.5" is not an image version/],
    ['@2', {}, /the image id is empty/],
    ['', {}, /the image id is empty/],
    ['base', { version: 0 }, /whole number from 1/],
    ['base', { version: 1.5 }, /whole number from 1/],
    ['base@2', { version: 3 }, /names version 2 and the version given is 3/],
  ])('refuses %s (%o) instead of reading it as the newest', (ref, options, reason) => {
    const parsed = parseImageRef(ref, options);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toMatch(reason);
  });

  it('writes a version back as id@N', () => {
    expect(formatImageRef({ id: 'reviewer', version: 4 })).toBe('reviewer@4');
    expect(parseImageRef(formatImageRef({ id: 'reviewer', version: 4 }))).toEqual({
      ok: true,
      value: { id: 'reviewer', version: 4 },
    });
  });
});
