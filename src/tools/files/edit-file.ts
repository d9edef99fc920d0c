// edit_file: exact string replacement in a file, as one read and one write syscall.
import { z } from 'zod';
import { LibosError } from '../../base/errors.js';
import { defineTool } from '../define-tool.js';

/** Replaces exactly one occurrence of `old` with `new`. */
export const editFile = defineTool({
  name: 'edit_file',
  description:
    'Replace one exact occurrence of `old` with `new` in a workspace file. Fails if `old` occurs zero or several times.',
  args: z.object({ path: z.string().min(1), old: z.string().min(1), new: z.string() }).strict(),
  run: async (args, ctx) => {
    const read = await ctx.syscall('fs.read', { path: args.path }, { part: 'read' });
    if (read.blocked) return read;
    const content = (read.value as { content: string }).content;
    const first = content.indexOf(args.old);
    if (first < 0)
      throw new LibosError('INVALID_INPUT', 'edit_file failed: `old` does not occur in the file');
    if (content.indexOf(args.old, first + 1) >= 0) {
      throw new LibosError(
        'INVALID_INPUT',
        'edit_file failed: `old` occurs more than once; include more context to make it unique',
      );
    }
    const next = content.slice(0, first) + args.new + content.slice(first + args.old.length);
    const write = await ctx.syscall(
      'fs.write',
      { path: args.path, content: next, mode: 'overwrite' },
      { part: 'write' },
    );
    if (write.blocked) return write;
    return { blocked: false, value: { path: args.path, replaced: 1 } };
  },
});
