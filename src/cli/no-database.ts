// The error a command gives when the workspace has no database yet, pointing at one left in the old place.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { LibosError } from '../base/errors.js';
import type { CliContext } from './cli-context.js';

/**
 * NOT_FOUND for `attempted` with the way out: `agent-libos init`, `--db`, and — when the
 * workspace still holds a database at `.agent-libos/runtime.db` (the default before the state
 * directory moved out of the workspace) — the flag that keeps using it.
 */
export function noDatabase(
  context: CliContext,
  options: { attempted: string; cause?: unknown },
): LibosError {
  const legacy = join(context.workspace, '.agent-libos', 'runtime.db');
  const hint =
    !context.isDbGiven && existsSync(legacy)
      ? '; a database from an older agent-libos is at .agent-libos/runtime.db: pass --db .agent-libos/runtime.db to keep using it'
      : '';
  return new LibosError(
    'NOT_FOUND',
    `${options.attempted} failed: there is no agent-libos database there yet; run \`agent-libos init\` or pass --db${hint}`,
    options.cause === undefined ? {} : { cause: options.cause },
  );
}
