// Input fields shared by the skill syscalls.
import { z } from 'zod';
import {
  MAX_SKILL_NAME,
  SKILL_NAME_PATTERN,
  SKILL_NAME_RULE,
} from '../../kernel/skill/skill-name.js';

/** A Skill name as a syscall takes it: the `skill:<name>` resource, so never anything else. */
export const skillNameInput = z
  .string()
  .max(MAX_SKILL_NAME, SKILL_NAME_RULE)
  .regex(SKILL_NAME_PATTERN, SKILL_NAME_RULE);
