// `agent-libos caps list`: capability records, read-only, paged through the whole store by id.
import { parseId, type Pid } from '../../base/ids.js';
import { formatResource } from '../../kernel/capability/resource.js';
import type { Capability, CapabilityId } from '../../kernel/capability/types.js';
import type { CliContext } from '../cli-context.js';
import { collectPages } from '../../base/collect-pages.js';
import { formatCapabilityTable } from '../format/capability-table.js';
import { writeJson } from '../format/write-json.js';
import { openReadRuntime } from '../open-read-runtime.js';

/** Raw `caps list` options as commander parsed them. */
export interface CapabilityListOptions {
  readonly pid?: string;
  /** Include revoked records. */
  readonly all?: boolean;
}

const PAGE = 500;

/**
 * Prints every capability record (only those of `--pid`; revoked ones only with `--all`) as a
 * table, or as a JSON array of records with `--json`, each with `resourceText` beside its
 * `resource` object: the `kind:pattern` text flags and the journal use (`fs:src/**`). Returns the
 * exit code.
 * @throws INVALID_ID (--pid); NOT_FOUND when there is no database
 */
export async function runCapabilityList(
  context: CliContext,
  options: CapabilityListOptions,
): Promise<number> {
  const subject: Pid | undefined =
    options.pid === undefined ? undefined : parseId('process', options.pid);
  const runtime = await openReadRuntime(context);
  let records: Capability[];
  try {
    records = await collectPages(
      (afterId: CapabilityId | undefined, limit) =>
        runtime.capabilities({
          limit,
          includeRevoked: options.all === true,
          ...(subject === undefined ? {} : { subject }),
          ...(afterId === undefined ? {} : { afterId }),
        }),
      (record) => record.id,
      { pageSize: PAGE },
    );
  } finally {
    await runtime.close();
  }
  if (context.json)
    writeJson(
      context.io,
      records.map((record) => ({ ...record, resourceText: formatResource(record.resource) })),
    );
  else if (records.length === 0) context.io.stdout('no capabilities\n');
  else context.io.stdout(formatCapabilityTable(records, { now: context.clock.now() }));
  return 0;
}
