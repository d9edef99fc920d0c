// The operator's writing commands reach the live runtime when one runs, else open the database.
import type { OperatorSkills } from '../../runtime/skills/operator-skills.js';
import type { OperatorCalls } from '../../server/api-client.js';
import type { CliContext } from '../cli-context.js';
import { openWriteRuntime } from '../open-write-runtime.js';
import { findLiveRuntime } from './find-live-runtime.js';

/** Where an operator command's calls go, and how to let go of it. */
export interface Operator {
  readonly calls: OperatorCalls;
  /** True when the calls go to a live runtime (they take effect at once); false: the database. */
  readonly live: boolean;
  /** The Skills registry of the runtime opened on the database (absent when the calls are live). */
  readonly skills?: OperatorSkills;
  close(): Promise<void>;
}

/**
 * Finds the runtime that owns the database (`serve`, or a `run`/`resume` in progress) and sends
 * the command's calls through its API; with none live, opens the database for writing as before.
 * So no operator command answers STORE_LOCKED while a runtime is live.
 * @throws NOT_FOUND (no database yet, unless `isCreating`); STORE_LOCKED when an older runtime
 *   without an API holds the lock
 */
export async function openOperator(
  context: CliContext,
  options: { attempted: string; isCreating?: boolean },
): Promise<Operator> {
  const client = await findLiveRuntime(context);
  if (client !== null) return { calls: client, live: true, close: () => Promise.resolve() };
  const runtime = await openWriteRuntime(context, options);
  return { calls: runtime, live: false, skills: runtime.skills, close: () => runtime.close() };
}
