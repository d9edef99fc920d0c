// Input schemas shared by several syscalls.
import { z } from 'zod';
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

/** Free text shown to a human. */
export const humanText = z.string().min(1).max(8000);
