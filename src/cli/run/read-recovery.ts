// What opening a runtime recovered from a crashed one: expired leases and effects of unknown outcome.
import { existsSync } from 'node:fs';
import type { Json } from '../../base/canonical-json.js';
import type { Runtime } from '../../runtime/runtime.js';
import type { CliContext } from '../cli-context.js';
import { isLibosError } from '../../base/errors.js';
import { openSqliteStore } from '../../store/sqlite/open-sqlite-store.js';
import { openReadStore } from '../open-read-store.js';

/** The recovery an open performed. */
export interface Recovery {
  /** Processes that were mid-quantum when the runtime died: runnable again. */
  readonly leasesExpired: readonly string[];
  /** Effects that may or may not have happened; their processes are paused for an operator. */
  readonly unknownEffects: readonly { readonly pid: string; readonly syscall: string }[];
}

const PAGE = 500;

/**
 * The last journal seq before a runtime is opened (0 with no database), to find what it adds. A
 * store of an older schema, which a read-only open refuses, is migrated first by a writable open
 * of the store alone (no recovery runs, nothing is journaled): the command opens it for writing
 * next anyway.
 */
export async function lastJournalSeq(context: CliContext): Promise<number> {
  if (!existsSync(context.dbPath)) return 0;
  const store = await openReadStore(context).catch(async (error: unknown) => {
    if (!isLibosError(error, 'INVALID_INPUT') || typeof error.details['latest'] !== 'number')
      throw error;
    await (await openSqliteStore({ path: context.dbPath, clock: context.clock })).close();
    return openReadStore(context);
  });
  try {
    const heads = await store.read((reader) => reader.journalHeads());
    return Math.max(0, ...heads.map((head) => head.seq));
  } finally {
    await store.close();
  }
}

/**
 * The `lease.expired` and `effect.unknown` entries journaled after `afterSeq`; called right after
 * the open, before anything runs, so that is exactly what the open recovered.
 */
export async function readRecovery(
  runtime: Pick<Runtime, 'journal'>,
  options: { afterSeq: number },
): Promise<Recovery> {
  const leasesExpired: string[] = [];
  const unknownEffects: { pid: string; syscall: string }[] = [];
  let afterSeq = options.afterSeq;
  for (;;) {
    const page = await runtime.journal({ afterSeq, limit: PAGE });
    for (const entry of page) {
      if (entry.pid === null) continue;
      if (entry.type === 'lease.expired') leasesExpired.push(entry.pid);
      if (entry.type === 'effect.unknown')
        unknownEffects.push({ pid: entry.pid, syscall: text(entry.data.syscall) });
    }
    const last = page.at(-1);
    if (last === undefined || page.length < PAGE) break;
    afterSeq = last.seq;
  }
  return { leasesExpired, unknownEffects };
}

/** The recovery in words, or null when there was nothing to recover. */
export function describeRecovery(recovery: Recovery): string | null {
  const leases = recovery.leasesExpired.length;
  const unknown = recovery.unknownEffects.length;
  if (leases === 0 && unknown === 0) return null;
  const paused =
    unknown === 0 ? '' : ' (their processes are paused: check, then `agent-libos continue <pid>`)';
  return `recovered after a crash: ${leases} lease${leases === 1 ? '' : 's'} expired, ${unknown} effect${unknown === 1 ? '' : 's'} of unknown outcome${paused}`;
}

function text(value: Json | undefined): string {
  return typeof value === 'string' ? value : '';
}
