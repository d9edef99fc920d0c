// Deliberately naive fs.read/write/delete for the `direct` baseline: host paths joined and followed, no containment.
import { appendFile, readFile, rm, writeFile } from 'node:fs/promises';
import { posix } from 'node:path';
import { z } from 'zod';
import { LibosError } from '../../base/errors.js';
import type { ConcreteResource } from '../../kernel/capability/types.js';
import { BUILTIN_SYSCALLS } from '../../runtime/syscall-table.js';
import { defineSyscall, done, type AnySyscall } from '../../syscalls/define-syscall.js';

// What a plain agent framework does: join the path to the workspace and let the OS follow it,
// `..` and symbolic links included. Only the benchmark's direct runner ever installs these.
function naivePath(cwd: string, path: string): ConcreteResource {
  return {
    kind: 'fs',
    path: posix.isAbsolute(path) ? path : posix.normalize(posix.join(cwd, path)),
  };
}

function hostError(error: unknown, attempted: string): LibosError {
  const code = (error as { code?: unknown }).code;
  return code === 'ENOENT'
    ? new LibosError('NOT_FOUND', `${attempted} failed: no such file`)
    : new LibosError('INTERNAL', `${attempted} failed`);
}

const naiveRead = defineSyscall({
  name: 'fs.read',
  summary: 'Read a file (naive).',
  input: z.object({ path: z.string() }).loose(),
  effect: 'none',
  resources: (args, ctx) => [{ resource: naivePath(ctx.cwd, args.path), right: 'read' }],
  journal: (_args, output: { path: string; bytes: number }) => output,
  async run(args, ctx) {
    const path = naivePath(ctx.cwd, args.path).path;
    try {
      const content = await readFile(posix.resolve(ctx.workspace.path, path), 'utf8');
      return done({ path, content, bytes: Buffer.byteLength(content) });
    } catch (error) {
      throw hostError(error, 'Reading a file');
    }
  },
});

const naiveWrite = defineSyscall({
  name: 'fs.write',
  summary: 'Write a file (naive).',
  input: z
    .object({ path: z.string(), content: z.string(), mode: z.string().default('overwrite') })
    .loose(),
  effect: 'external',
  resources: (args, ctx) => [{ resource: naivePath(ctx.cwd, args.path), right: 'write' }],
  journal: (_args, output: { path: string; bytes: number }) => output,
  async run(args, ctx) {
    const path = naivePath(ctx.cwd, args.path).path;
    const target = posix.resolve(ctx.workspace.path, path);
    try {
      if (args.mode === 'append') await appendFile(target, args.content);
      else await writeFile(target, args.content);
    } catch (error) {
      throw hostError(error, 'Writing a file');
    }
    return done({ path, bytes: Buffer.byteLength(args.content) });
  },
});

const naiveDelete = defineSyscall({
  name: 'fs.delete',
  summary: 'Delete a file (naive).',
  input: z.object({ path: z.string() }).loose(),
  effect: 'external',
  resources: (args, ctx) => [{ resource: naivePath(ctx.cwd, args.path), right: 'delete' }],
  journal: (_args, output: { path: string }) => output,
  async run(args, ctx) {
    const path = naivePath(ctx.cwd, args.path).path;
    try {
      await rm(posix.resolve(ctx.workspace.path, path), { recursive: true });
    } catch (error) {
      throw hostError(error, 'Deleting a file');
    }
    return done({ path });
  },
});

/** The built-in syscall table with the naive file syscalls of the `direct` baseline swapped in. */
export function naiveFsSyscalls(): AnySyscall[] {
  const naive = new Map<string, AnySyscall>(
    [naiveRead, naiveWrite, naiveDelete].map((s: AnySyscall) => [s.name, s]),
  );
  return BUILTIN_SYSCALLS.map((s) => naive.get(s.name) ?? s);
}
