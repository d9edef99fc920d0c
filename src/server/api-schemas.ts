// Request schemas shared by the routes: ids, pages and the operator's inputs, as the runtime takes them.
import { z } from '@hono/zod-openapi';
import { PERMISSION_DECISIONS } from '../kernel/approval/types.js';
import { STATE_KINDS } from '../kernel/process/types.js';
import { budgetSchema } from '../runtime/inputs.js';

const idText = z.string().min(1).max(64);

/** A process id in the path. */
export const pidParam = z.object({
  pid: idText.openapi({ param: { name: 'pid', in: 'path' }, example: 'proc_01J…' }),
});

/** Any other id in the path (`cap_…`, `apr_…`, `obj_…[@N]`). */
export const idParam = z.object({
  id: idText.openapi({ param: { name: 'id', in: 'path' } }),
});

/** A page size on a query string. */
export const limitQuery = z.coerce.number().int().min(1).max(1000).optional();

/** A comma-separated list on a query string. */
export function listQuery<T extends string>(values: readonly [T, ...T[]]) {
  return z
    .string()
    .max(2000)
    .optional()
    .transform((text, ctx) => {
      if (text === undefined || text === '') return [] as T[];
      const items = text.split(',').map((s) => s.trim());
      const bad = items.find((item) => !(values as readonly string[]).includes(item));
      if (bad !== undefined) {
        ctx.addIssue({ code: 'custom', message: `unknown value ${JSON.stringify(bad)}` });
        return z.NEVER;
      }
      return items as T[];
    });
}

/** `?state=` for processes. */
export const stateQuery = listQuery(STATE_KINDS);

/** A capability record to grant (the operator's authority). */
export const grantBody = z
  .object({
    subject: idText,
    resource: z.string().min(3).max(4200).openapi({ example: 'fs:src/**' }),
    rights: z
      .array(z.string().min(1).max(32))
      .min(1)
      .max(8)
      .openapi({ example: ['read'] }),
    effect: z.enum(['allow', 'ask', 'deny']).optional(),
    once: z.boolean().optional(),
    expiresAt: z.number().int().positive().nullable().optional(),
    delegable: z.boolean().optional(),
  })
  .strict();

/** A process to spawn, with the records it starts with. */
export const spawnBody = z
  .object({
    imageId: z.string().min(1).max(200),
    imageVersion: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
    goal: z.string().min(1).max(100_000),
    name: z.string().min(1).max(200).optional(),
    parentPid: idText.optional(),
    model: z.string().min(1).max(4096).optional(),
    budget: budgetSchema.optional(),
    onBudgetExceeded: z.enum(['pause', 'kill']).optional(),
    records: z
      .array(grantBody.omit({ subject: true }))
      .max(64)
      .optional(),
  })
  .strict();

/** An answer to a human request. */
export const decisionBody = z
  .object({
    decision: z.enum(PERMISSION_DECISIONS).nullable().optional(),
    answer: z.string().min(1).max(8000).nullable().optional(),
  })
  .strict();

/** A task to start: its first run's root, as `POST /api/processes` takes a root. */
export const taskStartBody = spawnBody.omit({ parentPid: true }).strict();

/** A follow-up of a task whose latest run has ended. */
export const followUpBody = z
  .object({
    text: z.string().min(1).max(100_000).openapi({ example: 'now also add tests' }),
    model: z.string().min(1).max(4096).optional(),
    records: z
      .array(grantBody.omit({ subject: true }))
      .max(64)
      .optional()
      .openapi({ description: 'New records: the only way the continuation gets more authority' }),
    drop: z
      .array(z.string().min(3).max(4200))
      .max(64)
      .optional()
      .openapi({ description: 'kind:pattern[=rights]: allow rights within these are not carried' }),
    only: z.array(z.string().min(3).max(4200)).max(64).optional().openapi({
      description: 'kind:pattern[=rights]: only allow rights within these are carried',
    }),
  })
  .strict();

/** A checkpoint to take of a process's subtree. */
export const checkpointBody = z
  .object({
    pid: idText.openapi({ example: 'proc_01J…' }),
    name: z.string().min(1).max(200).optional().openapi({ example: 'before the refactor' }),
  })
  .strict();

/** A restore or a fork: no options yet (unknown keys are refused, so none is silently ignored). */
export const checkpointActionBody = z.object({}).strict();

/** Retention: remove the checkpoints taken more than `olderThanMs` ago. */
export const checkpointPruneBody = z
  .object({ olderThanMs: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER) })
  .strict();

/** How to restore: with `files`, the workspace files too; `force` overrides file conflicts. */
export const checkpointRestoreBody = z
  .object({ files: z.boolean().optional(), force: z.boolean().optional() })
  .strict();

/** The image version a checkpoint is committed to. */
export const commitImageBody = z
  .object({ as: z.string().min(3).max(80).openapi({ example: 'reviewer@3' }) })
  .strict();
