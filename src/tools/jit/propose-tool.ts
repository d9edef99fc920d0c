// propose_tool: stores a JIT tool proposal (interface and TypeScript source) in the caller's memory.
import { z } from 'zod';
import type { Json } from '../../base/canonical-json.js';
import { isLibosError, LibosError } from '../../base/errors.js';
import { sha256Hex } from '../../base/hash.js';
import { checkProposal, proposalObjectName } from '../../kernel/agent/jit-tool.js';
import { defineTool } from '../define-tool.js';

/**
 * Proposes a JIT tool: checks it and stores it as the `json` object `tool-proposal.<name>` in the
 * caller's private namespace (created, or a new version), through `object.create` / `object.read`
 * / `object.update`. Nothing runs and nothing is registered.
 */
export const proposeTool = defineTool({
  name: 'propose_tool',
  description:
    'Propose a new tool of your own: TypeScript that exports `async function run(args, libos)`. ' +
    'It runs in a sandbox with no permissions; its only way to act is ' +
    '`await libos.syscall(name, input)` (e.g. "fs.read" { path }), which runs as you, with your ' +
    'grants. Test it with test_tool, then register it with register_tool.',
  args: z
    .object({
      name: z.string().min(1).describe('lowercase letters, digits and _'),
      description: z.string().min(1).describe('what the tool does, for the model that calls it'),
      argsSchema: z
        .record(z.string(), z.json())
        .describe('JSON Schema of the arguments ({ "type": "object", "properties": … })'),
      source: z.string().min(1).describe('TypeScript exporting run(args, libos)'),
    })
    .strict(),
  async run(args, ctx) {
    const checked = checkProposal(args, new Set());
    if (!checked.ok)
      throw new LibosError('INVALID_INPUT', `Proposing a tool failed: ${checked.reason}`);
    const name = proposalObjectName(args.name);
    const content = JSON.stringify(checked.proposal);
    let stored;
    try {
      stored = await ctx.syscall(
        'object.create',
        { name, type: 'json', content },
        { part: 'create' },
      );
    } catch (error) {
      if (!isLibosError(error, 'ALREADY_EXISTS')) throw error;
      const current = await ctx.syscall('object.read', { name }, { part: 'read' });
      if (current.blocked) return current;
      const { version } = current.value as { version: number };
      stored = await ctx.syscall(
        'object.update',
        { name, content, expectedVersion: version },
        { part: 'update' },
      );
    }
    if (stored.blocked) return stored;
    const view = stored.value as { id: string; version: number };
    const value: Json = {
      proposed: args.name,
      object: view.id,
      version: view.version,
      sourceSha256: sha256Hex(args.source),
    };
    return { blocked: false, value };
  },
});
