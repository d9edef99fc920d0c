// What checkpoint syscalls share: the id input, who a checkpoint belongs to, the needs they make.
import { z } from 'zod';
import { isId, type Pid } from '../../base/ids.js';
import type { Right } from '../../kernel/capability/catalog.js';
import type { CheckpointId } from '../../kernel/checkpoint/types.js';
import type { LocateContext, ResolveContext, ResourceNeed } from '../define-syscall.js';

/** A checkpoint id. */
export const checkpointIdInput: z.ZodType<CheckpointId, string> = z
  .string()
  .refine((v) => isId('checkpoint', v), { message: 'not a checkpoint id (ckpt_…)' })
  .transform((v) => v);

/** Whose a checkpoint is: its root and who took it (null when there is no such checkpoint). */
export type CheckpointOwner = { readonly root: Pid; readonly createdBy: string } | null;

/** Finds whose checkpoint `id` is (read-only, before any decision). */
export async function locateCheckpoint(
  id: CheckpointId,
  ctx: LocateContext,
): Promise<CheckpointOwner> {
  const found = await ctx.reader.getCheckpoint(id);
  return found === undefined ? null : { root: found.rootPid, createdBy: found.createdBy };
}

/** `checkpoint:process/<pid>` with `right`, or nothing for the caller's own subtree. */
export function subtreeNeed(root: Pid, right: Right, ctx: ResolveContext): ResourceNeed[] {
  return root === ctx.pid
    ? []
    : [{ resource: { kind: 'checkpoint', path: `process/${root}` }, right }];
}

/**
 * `checkpoint:<id>` with `right`. Reading a checkpoint whose root is the caller needs no grant;
 * anything else (one it took of another subtree included: its authority to read that subtree may
 * have been revoked since, and a diff against now reads the subtree live; and any id that names
 * no checkpoint: the need has the same shape either way, so a denial reveals nothing) needs it.
 */
export function checkpointNeed(
  id: CheckpointId,
  right: Right,
  ctx: ResolveContext & { readonly located?: CheckpointOwner },
): ResourceNeed[] {
  const own = ctx.located !== undefined && ctx.located !== null && ctx.located.root === ctx.pid;
  return right === 'read' && own ? [] : [{ resource: { kind: 'checkpoint', path: id }, right }];
}
