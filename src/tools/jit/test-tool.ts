// test_tool: runs a proposed JIT tool once, in the sandbox, with the caller's authority.
import { z } from 'zod';
import type { Json } from '../../base/canonical-json.js';
import { LibosError } from '../../base/errors.js';
import { validateJsonSchema } from '../../kernel/object/validate-json-schema.js';
import { defineTool } from '../define-tool.js';
import { readProposal } from './read-proposal.js';

/**
 * Tests a proposal: reads it (`object.read`), checks `args` against its schema and runs it once.
 * Its syscalls are made as the caller, through the pipeline: a test does exactly what a call of
 * the registered tool would, no more.
 */
export const testTool = defineTool({
  name: 'test_tool',
  description:
    'Run your proposed tool once with these arguments, as you (its syscalls use your grants and ' +
    'really happen). Returns its result or its error.',
  args: z
    .object({
      name: z.string().min(1),
      args: z.record(z.string(), z.json()).describe('arguments matching the proposal’s argsSchema'),
    })
    .strict(),
  async run(args, ctx) {
    const read = await readProposal(ctx, args.name, { part: 'read' });
    if (read.blocked) return read;
    const input = args.args as Json;
    const problems = validateJsonSchema(read.proposal.argsSchema, input);
    if (problems.length > 0)
      throw new LibosError(
        'INVALID_INPUT',
        `Testing ${args.name} failed: the arguments do not match its schema: ${problems.join('; ')}`,
      );
    if (ctx.runJit === undefined)
      throw new LibosError('INTERNAL', `Testing ${args.name} failed: this runtime has no sandbox`);
    return ctx.runJit({ source: read.proposal.source, args: input });
  },
});
