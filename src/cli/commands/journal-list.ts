// `agent-libos journal list`: journal entries in seq order, filtered, read-only.
import { parseId, type Pid } from '../../base/ids.js';
import { LibosError } from '../../base/errors.js';
import type { JournalEntry } from '../../kernel/journal/entry.js';
import type { JournalQuery, Store } from '../../ports/store.js';
import type { CliContext } from '../cli-context.js';
import { compactData } from '../format/compact-data.js';
import { formatTable } from '../format/format-table.js';
import { writeJson } from '../format/write-json.js';
import { openReadStore } from '../open-read-store.js';
import { parseCount } from '../parse-count.js';

/** Raw `journal list` options as commander parsed them. */
export interface JournalListOptions {
  readonly pid?: string;
  readonly type?: string;
  readonly after?: string;
  readonly limit?: string;
}

/** How many entries are shown when `--limit` is not given. */
export const DEFAULT_JOURNAL_LIMIT = 100;
const MAX_LIMIT = 100_000;
const PAGE = 1_000;

/**
 * Prints journal entries after `--after` (default: from the start), at most `--limit`, optionally
 * only of one pid or type; a table, or a JSON array of entries with `--json`. Returns the exit code.
 * @throws INVALID_ID (--pid), INVALID_INPUT / OUT_OF_RANGE (--after, --limit, --type), NOT_FOUND
 */
export async function runJournalList(
  context: CliContext,
  options: JournalListOptions,
): Promise<number> {
  const filter = parseFilter(options);
  const limit =
    options.limit === undefined
      ? DEFAULT_JOURNAL_LIMIT
      : parseCount('--limit', options.limit, { min: 1, max: MAX_LIMIT });
  const store = await openReadStore(context);
  let entries: JournalEntry[];
  try {
    // One more than asked tells whether to point at the rest.
    entries = await listEntries(store, { ...filter, limit: limit + 1 });
  } finally {
    await store.close();
  }
  const hasMore = entries.length > limit;
  const shown = entries.slice(0, limit);
  if (context.json) {
    writeJson(context.io, shown);
    return 0;
  }
  if (shown.length === 0) {
    context.io.stdout('no journal entries\n');
    return 0;
  }
  context.io.stdout(formatTable(['SEQ', 'TIME', 'TYPE', 'PID', 'ACTOR', 'DATA'], shown.map(row)));
  const last = shown.at(-1);
  if (hasMore && last !== undefined) {
    context.io.stderr(`more entries follow: use --after ${last.seq}\n`);
  }
  return 0;
}

/**
 * Checks `--pid`, `--type` and `--after` (as `journal list` takes them) into a journal query.
 * @throws INVALID_ID, INVALID_INPUT, OUT_OF_RANGE
 */
export function parseFilter(options: JournalListOptions): Omit<JournalQuery, 'limit'> {
  let pid: Pid | undefined;
  if (options.pid !== undefined) pid = parseId('process', options.pid);
  if (options.type !== undefined && (options.type.trim() === '' || options.type.length > 200)) {
    throw new LibosError(
      'INVALID_INPUT',
      'Reading --type failed: give a journal type such as process.spawned',
      {
        details: { option: '--type' },
      },
    );
  }
  const afterSeq =
    options.after === undefined
      ? undefined
      : parseCount('--after', options.after, { min: 0, max: Number.MAX_SAFE_INTEGER });
  return {
    ...(pid === undefined ? {} : { pid }),
    ...(options.type === undefined ? {} : { type: options.type }),
    ...(afterSeq === undefined ? {} : { afterSeq }),
  };
}

/** Reads up to `query.limit` entries in keyset pages, so one huge read never holds a snapshot. */
export async function listEntries(store: Store, query: JournalQuery): Promise<JournalEntry[]> {
  const entries: JournalEntry[] = [];
  let afterSeq = query.afterSeq;
  while (entries.length < query.limit) {
    const page = await store.read((reader) =>
      reader.listJournal({
        ...query,
        limit: Math.min(PAGE, query.limit - entries.length),
        ...(afterSeq === undefined ? {} : { afterSeq }),
      }),
    );
    entries.push(...page);
    const last = page.at(-1);
    if (last === undefined || page.length < PAGE) break;
    afterSeq = last.seq;
  }
  return entries;
}

function row(entry: JournalEntry): string[] {
  return [
    String(entry.seq),
    new Date(entry.at).toISOString(),
    entry.type,
    entry.pid ?? '-',
    entry.actor,
    compactData(entry.data, { max: 100 }),
  ];
}
