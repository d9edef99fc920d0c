// `agent-libos caps grant`: grants a capability record to a process as the operator.
import { parseId } from '../../base/ids.js';
import { LibosError } from '../../base/errors.js';
import type { CapabilityEffect } from '../../kernel/capability/types.js';
import type { CliContext } from '../cli-context.js';
import { formatCapabilityTable } from '../format/capability-table.js';
import { writeJson } from '../format/write-json.js';
import { openWriteRuntime } from '../open-write-runtime.js';
import { parseExpiry } from '../parse-expiry.js';
import { parseGrantSpec } from '../parse-grant-spec.js';

/** `caps grant` arguments and options as commander parsed them. */
export interface CapabilityGrantOptions {
  readonly pid: string;
  /** `kind:pattern=rights`. */
  readonly grant: string;
  readonly deny?: boolean;
  readonly ask?: boolean;
  readonly once?: boolean;
  readonly expires?: string;
}

/**
 * Grants `<resource>=<rights>` to `<pid>` (an allow; a deny with `--deny`, an ask with `--ask`),
 * optionally for one use (`--once`) or until `--expires`. Everything is checked before the
 * database is opened. Prints the new record (the record as JSON with `--json`). Returns the exit
 * code.
 * @throws INVALID_ID, INVALID_INPUT, OUT_OF_RANGE (bad input); NOT_FOUND (no database or process);
 *   ILLEGAL_TRANSITION (the process has ended); STORE_LOCKED (a runtime is running)
 */
export async function runCapabilityGrant(
  context: CliContext,
  options: CapabilityGrantOptions,
): Promise<number> {
  const subject = parseId('process', options.pid);
  const spec = parseGrantSpec(options.grant);
  const effect = parseEffect(options);
  const expiresAt =
    options.expires === undefined
      ? null
      : parseExpiry(options.expires, { now: context.clock.now() });
  const runtime = await openWriteRuntime(context, { attempted: 'Granting a capability' });
  try {
    const record = await runtime.grant({
      subject,
      resource: spec.resource,
      rights: spec.rights,
      effect,
      once: options.once === true,
      expiresAt,
    });
    if (context.json) writeJson(context.io, record);
    else {
      context.io.stdout(`granted ${record.id} to ${record.subject}\n`);
      context.io.stdout(formatCapabilityTable([record], { now: runtime.clock.now() }));
    }
    return 0;
  } finally {
    await runtime.close();
  }
}

function parseEffect(options: CapabilityGrantOptions): CapabilityEffect {
  if (options.deny === true && options.ask === true) {
    throw new LibosError(
      'INVALID_INPUT',
      'Reading the options failed: give --deny or --ask, not both',
    );
  }
  if (options.deny === true) return 'deny';
  return options.ask === true ? 'ask' : 'allow';
}
