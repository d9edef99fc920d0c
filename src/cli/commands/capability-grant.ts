// `agent-libos caps grant`: grants capability records to a process as the operator.
import { LibosError } from '../../base/errors.js';
import { parseId } from '../../base/ids.js';
import type { CliContext } from '../cli-context.js';
import { formatCapabilityTable } from '../format/capability-table.js';
import { writeJson } from '../format/write-json.js';
import { openOperator } from '../live/open-operator.js';
import { parseExpiry } from '../parse-expiry.js';
import { parseGrantSpec } from '../parse-grant-spec.js';
import { parseGrantFlags } from '../run/parse-spawn-flags.js';

/** `caps grant` arguments and options as commander parsed them. */
export interface CapabilityGrantOptions {
  readonly pid: string;
  /** A plain allow, `kind:pattern=rights[;option]…` (the positional form). */
  readonly grant?: string;
  /** `--grant`, `--ask`, `--deny`: records of the same form as `run` takes (repeatable). */
  readonly grants?: readonly string[];
  readonly ask?: readonly string[];
  readonly deny?: readonly string[];
  /** Every record of the command is good for one use. */
  readonly once?: boolean;
  /** Every record of the command expires then, unless it names its own `;expires=`. */
  readonly expires?: string;
}

/**
 * Grants the positional `<resource>=<rights>` allow and every `--grant`, `--ask` and `--deny`
 * record to `<pid>`, in one transaction (all or none). Each record may carry `;once`,
 * `;expires=<time>` and `;no-delegate`; `--once` and `--expires` apply to every record (a
 * record's own expiry wins). Everything is checked before the database is opened. Prints the new
 * records (`--json`: the record, or an array when more than one was granted). Returns the exit
 * code.
 * @throws INVALID_ID, INVALID_INPUT, OUT_OF_RANGE (bad input); NOT_FOUND (no database or process);
 *   ILLEGAL_TRANSITION (the process has ended); STORE_LOCKED (a runtime is running)
 */
export async function runCapabilityGrant(
  context: CliContext,
  options: CapabilityGrantOptions,
): Promise<number> {
  const subject = parseId('process', options.pid);
  const now = context.clock.now();
  const expiresAt = options.expires === undefined ? null : parseExpiry(options.expires, { now });
  const records = [
    ...(options.grant === undefined
      ? []
      : [{ ...parseGrantSpec(options.grant, { now }), effect: 'allow' as const }]),
    ...parseGrantFlags(
      {
        ...(options.grants === undefined ? {} : { grant: options.grants }),
        ...(options.ask === undefined ? {} : { ask: options.ask }),
        ...(options.deny === undefined ? {} : { deny: options.deny }),
      },
      { now },
    ),
  ];
  if (records.length === 0) {
    throw new LibosError(
      'INVALID_INPUT',
      'Reading the options failed: give a grant, e.g. caps grant <pid> fs:src/**=read, or --grant, --ask or --deny <resource=rights>',
    );
  }
  const operator = await openOperator(context, { attempted: 'Granting a capability' });
  try {
    const granted = await operator.calls.grantAll(
      records.map((record) => ({
        ...record,
        subject,
        once: record.once || options.once === true,
        expiresAt: record.expiresAt ?? expiresAt,
      })),
    );
    if (context.json) writeJson(context.io, granted.length === 1 ? granted[0] : granted);
    else {
      for (const record of granted)
        context.io.stdout(`granted ${record.id} to ${record.subject}\n`);
      context.io.stdout(formatCapabilityTable(granted, { now: context.clock.now() }));
    }
    return 0;
  } finally {
    await operator.close();
  }
}
