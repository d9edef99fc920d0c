import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from './parse-retry-after.js';

const now = Date.parse('Wed, 21 Oct 2037 07:28:00 GMT');
const parse = (headers: Record<string, string>): number | null =>
  parseRetryAfter(new Headers(headers), { now });

describe('parseRetryAfter', () => {
  it.each([
    [{ 'retry-after-ms': '250' }, 250],
    [{ 'retry-after-ms': '12.2' }, 13],
    [{ 'retry-after-ms': '100', 'retry-after': '9' }, 100],
    [{ 'retry-after': '20' }, 20_000],
    [{ 'retry-after': '0.5' }, 500],
    [{ 'retry-after': 'Wed, 21 Oct 2037 07:28:45 GMT' }, 45_000],
    [{ 'retry-after': 'Wed, 21 Oct 2037 07:27:00 GMT' }, 0],
    [{ 'retry-after-ms': 'soon', 'retry-after': '3' }, 3000],
    [{ 'retry-after': 'soon' }, null],
    [{ 'retry-after': '-5' }, null],
    [{}, null],
  ])('reads %j as %s', (headers, expected) => {
    expect(parse(headers)).toBe(expected);
  });

  it('is null without headers', () => {
    expect(parseRetryAfter(undefined, { now })).toBeNull();
  });
});
