// run_command: runs one command (argv) through shell.run and shows the model a bounded result.
import { z } from 'zod';
import type { Json } from '../../base/canonical-json.js';
import type { ShellRunOutput } from '../../syscalls/shell/run.js';
import { defineTool } from '../define-tool.js';

/** Most characters of each stream the model sees (head and tail kept, the middle elided). */
export const SHOWN_OUTPUT_CHARS = 16 * 1024;
/** Most changed paths the model sees. */
const SHOWN_CHANGES = 50;

/** Runs a command in the sandbox and returns its exit code, output and the files it changed. */
export const runCommand = defineTool({
  name: 'run_command',
  description:
    'Run one command as an argv list (no shell: use ["bash","-c","..."] for pipes, which needs its own grant). ' +
    'It sees only the files you may read, writes only where you may write, and reaches the network only with a net grant. ' +
    'Returns the exit code, stdout, stderr (long output is cut in the middle) and the files it changed.',
  args: z
    .object({
      argv: z.array(z.string()).min(1).max(1024),
      cwd: z.string().min(1).optional(),
      timeout: z.number().int().min(1).max(1800).optional().describe('seconds (default 60)'),
    })
    .strict(),
  async run(args, ctx) {
    const result = await ctx.syscall('shell.run', {
      argv: args.argv,
      ...(args.cwd === undefined ? {} : { cwd: args.cwd }),
      ...(args.timeout === undefined ? {} : { timeoutMs: args.timeout * 1000 }),
    });
    if (result.blocked) return result;
    const out = result.value as ShellRunOutput;
    const value: { [key: string]: Json } = {
      exitCode: out.exitCode,
      stdout: clip(out.stdout),
      stderr: clip(out.stderr),
      changed: out.changes.listed
        .slice(0, SHOWN_CHANGES)
        .map((c) => ({ path: c.path, change: c.change })),
    };
    if (out.signal !== null) value['signal'] = out.signal;
    if (out.timedOut) value['timedOut'] = true;
    if (out.changes.total > SHOWN_CHANGES) value['changedTotal'] = out.changes.total;
    if (out.notApplied.length > 0)
      value['notApplied'] = out.notApplied.map((n) => ({ path: n.path, reason: n.reason }));
    return { blocked: false, value };
  },
});

// Keeps the head and the tail, where commands put what matters (the error, the summary).
function clip(text: string): string {
  if (text.length <= SHOWN_OUTPUT_CHARS) return text;
  const half = SHOWN_OUTPUT_CHARS / 2;
  return `${text.slice(0, half)}\n[… ${text.length - SHOWN_OUTPUT_CHARS} characters not shown …]\n${text.slice(-half)}`;
}
