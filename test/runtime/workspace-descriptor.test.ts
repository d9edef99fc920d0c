// The runtime keeps one descriptor on its workspace across all fs calls and closes it when it closes.
import { readdirSync, readlinkSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTempRuntime } from '../../src/testing/temp-runtime.js';

/** How many of this process's descriptors the kernel names `path`. */
function descriptorsOn(path: string): number {
  return readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`) === path;
    } catch {
      return false; // closed since the listing (the listing's own descriptor, for one)
    }
  }).length;
}

describe('the workspace descriptor', () => {
  it('is opened once for many fs calls and closed with the runtime', async () => {
    const contents: string[] = [];
    const t = await createTempRuntime({
      body: async (ctx) => {
        for (let i = 0; i < 50; i += 1) {
          const read = await ctx.syscall('fs.read', { path: 'notes.txt' });
          if (!read.blocked) contents.push((read.value as { content: string }).content);
          await ctx.syscall('fs.stat', { path: 'notes.txt' });
        }
        await ctx.exit(null);
      },
    });
    const workspace = realpathSync(t.workspace);
    try {
      writeFileSync(join(t.workspace, 'notes.txt'), 'hello');
      const p = await t.runtime.spawn({ imageId: 'base', goal: 'Read notes' });
      await t.runtime.grant({ subject: p.pid, resource: 'fs:notes.txt', rights: 'read' });
      expect(descriptorsOn(workspace)).toBe(0);
      await t.runtime.run();
      expect(contents).toEqual(Array.from({ length: 50 }, () => 'hello'));
      expect(descriptorsOn(workspace)).toBe(1);
      await t.runtime.close();
      expect(descriptorsOn(workspace)).toBe(0);
    } finally {
      await t[Symbol.asyncDispose]();
    }
  });
});
