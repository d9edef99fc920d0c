// The `grants` argument of spawn_agent and fork_agent: capabilities to pass to the child.
import { z } from 'zod';

/** Grants as the model writes them; each becomes a narrowed delegation of one of yours. */
export const grantsArg = z
  .array(z.object({ resource: z.string().min(3), rights: z.array(z.string()).min(1) }).strict())
  .max(32)
  .optional()
  .describe(
    'Capabilities to pass on, e.g. [{"resource":"fs:docs/**","rights":["read"]}]; a child gets nothing else',
  );
