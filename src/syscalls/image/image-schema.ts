// The schema of an agent image as given to image.register (and `agent-libos images register`).
import { z } from 'zod';
import { shownText } from '../schemas.js';
import { skillNameInput } from '../skill/skill-input.js';

const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/**
 * An agent image version: id, version, description, system prompt, exact tool table, declared
 * requirements (never grants), default budget, default model and the Skills it bundles. Unknown keys are refused.
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
    /** Skills the image bundles or uses: its processes are granted `skill:<name> read,activate`. */
    skills: z
      .array(skillNameInput)
      .max(64)
      .refine((names) => new Set(names).size === names.length, 'a skill is named twice')
      .optional(),
  })
  .strict();
