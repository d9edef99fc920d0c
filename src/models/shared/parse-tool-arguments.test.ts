import { describe, expect, it } from 'vitest';
import { formatToolArguments } from './format-tool-arguments.js';
import { parseToolArguments } from './parse-tool-arguments.js';

describe('parseToolArguments', () => {
  it.each([
    ['{"path":"a"}', { path: 'a' }],
    ['', {}],
    ['  ', {}],
    ['{"path": ', { __malformed: '{"path": ' }],
    ['[1,2]', { __malformed: '[1,2]' }],
    ['"text"', { __malformed: '"text"' }],
    ['null', { __malformed: 'null' }],
  ])('parses the text %j', (raw, expected) => {
    expect(parseToolArguments(raw)).toEqual(expected);
  });

  it.each([
    [{ path: 'a' }, { path: 'a' }],
    [[1], { __malformed: '[1]' }],
    [7, { __malformed: '7' }],
    [undefined, { __malformed: 'undefined' }],
  ])('takes the value %j', (raw, expected) => {
    expect(parseToolArguments(raw)).toEqual(expected);
  });
});

describe('formatToolArguments', () => {
  it('writes JSON, and malformed arguments back as the raw text', () => {
    expect(formatToolArguments({ path: 'a', n: 1 })).toBe('{"path":"a","n":1}');
    expect(formatToolArguments({ __malformed: '{"path": ' })).toBe('{"path": ');
    expect(formatToolArguments(parseToolArguments('{oops'))).toBe('{oops');
  });
});
