// Surface test of the fs syscall registry: names, schemas, effects and the rights each one asks for.
import { describe, expect, it } from 'vitest';
import type { Pid } from '../../base/ids.js';
import { FS_SYSCALLS } from './fs-syscalls.js';

const rctx = { pid: 'proc_00000001' as Pid, cwd: '.' };

describe('FS_SYSCALLS', () => {
  it('holds the seven fs syscalls with unique dotted names', () => {
    expect(FS_SYSCALLS.map((s) => s.name)).toEqual([
      'fs.read',
      'fs.write',
      'fs.list',
      'fs.stat',
      'fs.mkdir',
      'fs.delete',
      'fs.move',
    ]);
  });

  it('marks exactly the mutating syscalls as external effects', () => {
    const external = FS_SYSCALLS.filter((s) => s.effect === 'external').map((s) => s.name);
    expect(external).toEqual(['fs.write', 'fs.mkdir', 'fs.delete', 'fs.move']);
  });

  it.each(FS_SYSCALLS.map((s) => [s.name, s] as const))(
    '%s has a strict schema and asks only for fs rights',
    (_name, spec) => {
      const raw =
        spec.name === 'fs.move'
          ? { from: 'a', to: 'b' }
          : spec.name === 'fs.write'
            ? { path: 'a', content: '' }
            : { path: 'a' };
      expect(spec.input.safeParse({ ...raw, extra: 1 }).success).toBe(false);
      const needs = spec.resources(spec.input.parse(raw), rctx);
      expect(needs.length).toBeGreaterThan(0);
      for (const need of needs) {
        expect(need.resource.kind).toBe('fs');
        expect(['read', 'write', 'delete']).toContain(need.right);
      }
      expect(spec.summary.length).toBeGreaterThan(0);
    },
  );
});
