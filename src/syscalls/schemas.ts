// Input schemas shared by several syscalls.
import { z } from 'zod';
import { findHiddenCharacter } from '../base/find-hidden-character.js';
import { isId, type Pid } from '../base/ids.js';
import type { CapabilityId } from '../kernel/capability/types.js';

/** A process id. */
export const pidInput: z.ZodType<Pid, string> = z
  .string()
  .refine((v) => isId('process', v), { message: 'not a process id (proc_…)' })
  .transform((v) => v);

/** A capability id. */
export const capabilityIdInput: z.ZodType<CapabilityId, string> = z
  .string()
  .refine((v) => isId('capability', v), { message: 'not a capability id (cap_…)' })
  .transform((v) => v);

/** A `kind:pattern` resource as text (parsed by the body). */
export const resourceInput = z.string().min(3).max(4200);

/** A rights list. */
export const rightsInput = z.array(z.string().min(1).max(32)).min(1).max(8);

/**
 * Text a process writes that a person reads, `min`–`max` characters: no control character but
 * (with `lines`) newline and tab, no Unicode format character (bidi overrides, zero-width
 * characters), no lone surrogate, so it cannot drive a terminal or read differently than it is.
 * A refusal names the character's kind and code point, never the text.
 */
export function shownText(options: { min: number; max: number; lines: boolean }): z.ZodString {
  return z
    .string()
    .min(options.min)
    .max(options.max)
    .check((ctx) => {
      const hidden = findHiddenCharacter(ctx.value, { allowLineBreaks: options.lines });
      if (hidden !== null)
        ctx.issues.push({ code: 'custom', input: ctx.value, message: `contains ${hidden}` });
    });
}

/** Free text shown to a human: a question, a reason, a notification (lines allowed). */
export const humanText = shownText({ min: 1, max: 8000, lines: true });

/** A process goal, shown by `ps` and the run summary (lines allowed). */
export const goalText = shownText({ min: 1, max: 100_000, lines: true });

/** A one-line label shown in tables: a process name or an image id. */
export const labelText = shownText({ min: 1, max: 200, lines: false });

/** An image version to run (1, 2, …). */
export const imageVersionInput = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
