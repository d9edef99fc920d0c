// The schema of an agent image as given to image.register (and `agent-libos images register`).
import { z } from 'zod';
import { shownText } from '../schemas.js';

const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** A Skill's name as the Agent Skills format has it: lowercase words joined by single dashes. */
export const skillName = z
  .string()
  .max(64)
  .regex(
    /^[a-z0-9]+(-[a-z0-9]+)*$/,
    'a skill name is lowercase letters and digits in dash-separated words',
  );

/**
 * An agent image version: id, version, description, system prompt, exact tool table, declared
 * requirements (never grants), default budget, default model and the names of the Skills it
 * declares. Unknown keys are refused.
 */
export const imageSchema = z
  .object({
    id: shownText({ min: 1, max: 63, lines: false }),
    version: z.number().int().min(1),
    description: z.string().max(2000),
    systemPrompt: z.string().min(1).max(100_000),
    tools: z.array(z.string().min(1)).max(64),
    requirements: z
      .array(
        z.object({ resource: z.string(), rights: z.array(z.string()), why: z.string() }).strict(),
      )
      .max(64),
    defaultBudget: z
      .object({ quanta: count, toolCalls: count, children: count, wallMs: count, tokens: count })
      .partial()
      .strict(),
    defaultModel: z.string().nullable(),
    /** Names of the Skills it declares (a declaration; see the Skills registry). */
    skills: z
      .array(skillName)
      .max(64)
      .refine((names) => new Set(names).size === names.length, 'a skill is named twice')
      .optional(),
  })
  .strict();
