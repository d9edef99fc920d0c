// The schema of an image package's IMAGE.yaml: what the package declares, checked field by field.
import { z } from 'zod';
import { parseResource, parseRights } from '../kernel/capability/resource.js';
import { shownText } from '../syscalls/schemas.js';
import { BUILTIN_TOOLS } from '../tools/tool-table.js';

const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** What a package's relative path may look like before it is checked on disk. */
const packagePath = z.string().min(1).max(1024);

/** One declared capability requirement: documentation and checks, never a grant. */
const requirement = z
  .object({
    resource: z.string().min(1).max(4200),
    rights: z.array(z.string().min(1).max(32)).min(1).max(8),
    why: shownText({ min: 1, max: 2000, lines: true }),
  })
  .strict()
  .check((ctx) => {
    const pattern = parseResource(ctx.value.resource);
    if (!pattern.ok) {
      ctx.issues.push({
        code: 'custom',
        input: ctx.value.resource,
        path: ['resource'],
        message: pattern.reason,
      });
      return;
    }
    const rights = parseRights(pattern.value, ctx.value.rights);
    if (!rights.ok)
      ctx.issues.push({
        code: 'custom',
        input: ctx.value.rights,
        path: ['rights'],
        message: rights.reason,
      });
  });

/**
 * IMAGE.yaml: `id`, `version`, `description`, exactly one of `systemPrompt` and `promptFile` (a
 * path inside the package), `tools` (built-in tool names, each once), and optionally
 * `defaultModel` (`provider:model`, default none), `requirements` (declarations, never grants),
 * `defaultBudget` and `skills` (folders inside the package, each holding a SKILL.md). Unknown
 * fields are refused. Paths are checked on disk by `readImagePackage`.
 */
export const imagePackageSchema = z
  .object({
    id: z
      .string()
      .regex(
        /^[a-z][a-z0-9-]{0,62}$/,
        'an image id is 1–63 lowercase letters, digits and dashes, starting with a letter',
      ),
    version: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
    description: shownText({ min: 1, max: 2000, lines: true }),
    systemPrompt: z.string().min(1).max(100_000).optional(),
    promptFile: packagePath.optional(),
    tools: z
      .array(z.string().min(1).max(64))
      .max(64)
      .check((ctx) => {
        const seen = new Set<string>();
        for (const [index, name] of ctx.value.entries()) {
          if (!BUILTIN_TOOLS.has(name))
            ctx.issues.push({
              code: 'custom',
              input: name,
              path: [index],
              message: `unknown tool ${JSON.stringify(name)}`,
            });
          else if (seen.has(name))
            ctx.issues.push({
              code: 'custom',
              input: name,
              path: [index],
              message: `${JSON.stringify(name)} is listed twice`,
            });
          seen.add(name);
        }
      }),
    defaultModel: z
      .string()
      .min(3)
      .max(4096)
      .regex(/^[a-z][a-z-]*:\S/, 'a model is provider:model, e.g. openai:gpt-4.1')
      .nullable()
      .optional(),
    requirements: z.array(requirement).max(64).optional(),
    defaultBudget: z
      .object({ quanta: count, toolCalls: count, children: count, wallMs: count, tokens: count })
      .partial()
      .strict()
      .optional(),
    skills: z.array(packagePath).max(64).optional(),
  })
  .strict()
  .check((ctx) => {
    const { systemPrompt, promptFile } = ctx.value;
    if (systemPrompt === undefined && promptFile === undefined)
      ctx.issues.push({
        code: 'custom',
        input: ctx.value,
        path: ['systemPrompt'],
        message: 'give the prompt as systemPrompt or as promptFile',
      });
    if (systemPrompt !== undefined && promptFile !== undefined)
      ctx.issues.push({
        code: 'custom',
        input: ctx.value,
        path: ['promptFile'],
        message: 'give systemPrompt or promptFile, not both',
      });
  });

/** IMAGE.yaml as parsed. */
export type ImagePackageSpec = z.infer<typeof imagePackageSchema>;
