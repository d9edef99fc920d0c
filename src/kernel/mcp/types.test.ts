import { describe, expect, it } from 'vitest';
import { schemaHash } from './schema-hash.js';
import { checkServerId, MCP_TOOL_NAME, mcpCallResource } from './types.js';

describe('MCP names and the pinned resource', () => {
  it.each([
    ['echo', true],
    ['read_file.v2', true],
    ['a-b', true],
    ['.', false],
    ['..', false],
    ['a/b', false],
    ['a b', false],
    ['', false],
    ['x'.repeat(65), false],
    ['*', false],
  ])('accepts tool name %j: %s', (name, ok) => {
    expect(MCP_TOOL_NAME.test(name)).toBe(ok);
  });

  it.each([
    ['files', true],
    ['my_server-2', true],
    ['Files', false],
    ['a/b', false],
    ['..', false],
    ['-x', false],
  ])('accepts server id %j: %s', (id, ok) => {
    expect(checkServerId(id) === null).toBe(ok);
  });

  it('names the recorded schema hash in the resource, or `unlisted` when none is recorded', () => {
    expect(mcpCallResource('files', 'echo', 'ab12')).toBe('files/echo/ab12');
    expect(mcpCallResource('files', 'echo', null)).toBe('files/echo/unlisted');
  });

  it('hashes a schema by its canonical JSON: key order does not matter, any change does', () => {
    const a = { type: 'object', properties: { q: { type: 'string' } }, required: ['q'] };
    const b = { required: ['q'], properties: { q: { type: 'string' } }, type: 'object' };
    expect(schemaHash(a)).toBe(schemaHash(b));
    expect(schemaHash(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(schemaHash({ ...a, required: [] })).not.toBe(schemaHash(a));
  });
});
