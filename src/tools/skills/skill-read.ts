// skill_read: reads a file bundled with a Skill through skill.read.
import { z } from 'zod';
import { skillNameInput } from '../../syscalls/skill/skill-input.js';
import { defineTool, passThrough } from '../define-tool.js';

/** Reads a file of a Skill (a reference, a script, a template). */
export const skillRead = defineTool({
  name: 'skill_read',
  description:
    "Read a file bundled with a Skill (a reference, a script, a template), by its path inside the Skill as skill_activate listed it. It reads the Skill's registered copy, not the workspace.",
  args: z.strictObject({
    name: skillNameInput.describe('The Skill name'),
    path: z
      .string()
      .min(1)
      .max(1024)
      .describe('Path inside the Skill, e.g. reference.md or scripts/fill.py'),
    encoding: z
      .enum(['utf8', 'base64'])
      .optional()
      .describe('utf8 (default) for text; base64 for binary files'),
  }),
  run: (args, ctx) =>
    passThrough(ctx, 'skill.read', {
      name: args.name,
      path: args.path,
      ...(args.encoding === undefined ? {} : { encoding: args.encoding }),
    }),
});
