// `agent-libos journal verify`: checks the whole hash chain, read-only.
import { ERROR_CODES } from '../../base/errors.js';
import { verifyJournal } from '../../runtime/verify-journal.js';
import type { CliContext } from '../cli-context.js';
import { writeJson } from '../format/write-json.js';
import { openReadStore } from '../open-read-store.js';

/**
 * Verifies every journal entry against the chain and the recorded heads, in one snapshot. Prints
 * `journal intact: N entries` (exit 0) or `journal tampered at seq S: problem` (exit code of
 * JOURNAL_TAMPERED); with `--json`, `{ ok, entries, seq?, problem? }`. Returns the exit code.
 * @throws NOT_FOUND when there is no database; CANCELLED when the context's signal fires.
 */
export async function runJournalVerify(context: CliContext): Promise<number> {
  const store = await openReadStore(context);
  const signal = context.signal;
  try {
    const result = await store.read((reader) =>
      verifyJournal(reader, signal === undefined ? {} : { signal }),
    );
    if (context.json) writeJson(context.io, result);
    else if (result.ok) context.io.stdout(`journal intact: ${result.entries} entries\n`);
    else context.io.stdout(`journal tampered at seq ${result.seq}: ${result.problem}\n`);
    return result.ok ? 0 : ERROR_CODES.JOURNAL_TAMPERED.exitCode;
  } finally {
    await store.close();
  }
}
