// skill_activate: loads a Skill's instructions through skill.activate.
import { z } from 'zod';
import { skillNameInput } from '../../syscalls/skill/skill-input.js';
import { defineTool, passThrough } from '../define-tool.js';

/** Loads a Skill's instructions into the conversation. */
export const skillActivate = defineTool({
  name: 'skill_activate',
  description:
    'Load the instructions of one of the Skills listed in your system prompt, when the task matches its description. The result lists the files of the Skill you can read with skill_read. A Skill grants no permission.',
  args: z.strictObject({
    name: skillNameInput.describe('The Skill name, as listed (lowercase, digits, hyphens)'),
  }),
  run: (args, ctx) => passThrough(ctx, 'skill.activate', { name: args.name }),
});
