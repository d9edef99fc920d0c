// Validates a scripted model file's contents with zod and reports every problem with its path.
import { z } from 'zod';
import { LibosError } from '../../base/errors.js';
import { formatIssuePath } from '../shared/format-issue-path.js';
import type { ScriptedScript } from './scripted-script.js';

const MAX_REPORTED_ISSUES = 5;

const argumentsSchema = z
  .record(z.string(), z.json(), { error: 'the arguments must be an object' })
  .nullable();

const callSchema = z
  .record(z.string(), argumentsSchema, {
    error: 'each call must be an object like { read_file: { path: README.md } }',
  })
  .superRefine((call, ctx) => {
    const tools = Object.keys(call);
    if (tools.length !== 1) {
      const found = tools.length === 0 ? 'none' : `${tools.length} (${tools.join(', ')})`;
      ctx.addIssue({ code: 'custom', message: `must name exactly one tool, found ${found}` });
    }
  });

const agentSchema = z
  .strictObject({
    goal: z.string({ error: 'goal must be a string' }).min(1, 'goal must not be empty').optional(),
    name: z.string({ error: 'name must be a string' }).min(1, 'name must not be empty').optional(),
    calls: z.array(callSchema, { error: 'calls must be a list' }),
  })
  .refine((agent) => agent.goal !== undefined || agent.name !== undefined, {
    message: 'needs a goal or a name to match processes by',
  });

const fileSchema = z.strictObject({
  agents: z.array(agentSchema, { error: 'agents must be a list' }),
});

/**
 * The validated script for a scripted model file's parsed contents. Unknown keys, a call naming
 * zero or several tools, arguments that are not an object, or an entry with neither goal nor
 * name are rejected.
 * @throws INVALID_INPUT listing each problem as `path: what is wrong`, e.g.
 *   `agents[0].calls[1]: must name exactly one tool, found 2 (read_file, exit)`.
 */
export function parseScriptedScript(
  value: unknown,
  options: { readonly source: string },
): ScriptedScript {
  const result = fileSchema.safeParse(value);
  if (!result.success) {
    const issues = result.error.issues;
    const listed = issues
      .slice(0, MAX_REPORTED_ISSUES)
      .map((issue) => `${formatIssuePath(issue.path)}: ${issue.message}`);
    if (issues.length > MAX_REPORTED_ISSUES) {
      listed.push(`and ${issues.length - MAX_REPORTED_ISSUES} more`);
    }
    const first = issues[0];
    throw new LibosError(
      'INVALID_INPUT',
      `Reading scripted model ${options.source} failed: ${listed.join('; ')}`,
      { details: { field: first === undefined ? '(root)' : formatIssuePath(first.path) } },
    );
  }
  return {
    agents: result.data.agents.map((agent) => ({
      goal: agent.goal ?? null,
      name: agent.name ?? null,
      calls: agent.calls.map((call) => {
        const [tool, args] = Object.entries(call)[0] ?? ['', null];
        return { tool, arguments: args ?? {} };
      }),
    })),
  };
}
