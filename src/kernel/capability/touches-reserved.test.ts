// Table test of touchesReserved: the reserved path, its inside, its ancestors, and its neighbours.
import { describe, expect, it } from 'vitest';
import type { Right } from './catalog.js';
import { touchesReserved } from './touches-reserved.js';

const RESERVED = ['.agent-libos', '.local/state/agent-libos/w-1'];

describe('touchesReserved', () => {
  it.each([
    ['.agent-libos', 'read', true],
    ['.agent-libos/runtime.db', 'read', true],
    ['.agent-libos/runtime.db-wal', 'delete', true],
    ['.Agent-Libos/runtime.db', 'read', true],
    ['.local/state/agent-libos/w-1/runtime.db', 'write', true],
    ['.local', 'delete', true],
    ['.local/state', 'write', true],
    ['.', 'delete', true],
    ['.local', 'read', false],
    ['.', 'read', false],
    ['.agent-libos-notes.md', 'write', false],
    ['src/.agent-libos', 'read', false],
    ['.local/state/other', 'delete', false],
  ] as const)('fs:%s with %s: %s', (path, right, expected) => {
    expect(touchesReserved({ kind: 'fs', path }, right as Right, RESERVED)).toBe(expected);
  });

  it('leaves other kinds alone', () => {
    expect(touchesReserved({ kind: 'object', path: '.agent-libos' }, 'read', RESERVED)).toBe(false);
  });
});
