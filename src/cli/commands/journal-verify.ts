// `agent-libos journal verify`: checks the whole hash chain and its anchors, read-only.
import { ERROR_CODES, LibosError } from '../../base/errors.js';
import { parseAnchorText, type Anchor } from '../../kernel/journal/anchor.js';
import { verifyJournal } from '../../runtime/verify-journal.js';
import { anchorLogPath, anchorLogSize, readAnchorLog } from '../../store/anchor-log.js';
import type { CliContext } from '../cli-context.js';
import { printable } from '../format/printable.js';
import { writeJson } from '../format/write-json.js';
import { openReadStore } from '../open-read-store.js';

/** Options of `journal verify`. */
export interface JournalVerifyOptions {
  /** Anchors kept elsewhere (`journal anchor` output, `stream:seq:hash`), repeatable. */
  readonly anchor?: readonly string[];
}

/**
 * Verifies every journal entry against the chain, the recorded heads, the anchor log beside the
 * database and the anchors given with `--anchor`, in one snapshot. Prints `journal intact: N
 * entries, M anchors checked` (exit 0; warnings on stderr) or `journal tampered at seq S: problem`
 * (exit code of JOURNAL_TAMPERED); with `--json`, the verification record. Returns the exit code.
 * @throws NOT_FOUND when there is no database; INVALID_INPUT for a malformed `--anchor`;
 *   CANCELLED when the context's signal fires.
 */
export async function runJournalVerify(
  context: CliContext,
  options: JournalVerifyOptions = {},
): Promise<number> {
  const kept = (options.anchor ?? []).map(parseKept);
  const store = await openReadStore(context);
  const signal = context.signal;
  const log = anchorLogPath(context.dbPath);
  // Measured before the snapshot: anchors of commits made meanwhile are left out with them.
  const bytes = anchorLogSize(log);
  try {
    const result = await store.read((reader) =>
      verifyJournal(reader, {
        anchors: readAnchorLog(log, { bytes }),
        kept,
        ...(signal === undefined ? {} : { signal }),
      }),
    );
    if (context.json) writeJson(context.io, result);
    else if (result.ok) {
      const checked = result.anchors?.checked ?? 0;
      context.io.stdout(
        `journal intact: ${result.entries} entries, ${checked} anchors checked${kept.length > 0 ? `, ${kept.length} kept anchors matched` : ''}\n`,
      );
      for (const warning of result.warnings) context.io.stderr(`warning: ${warning}\n`);
    } else
      context.io.stdout(`journal tampered at seq ${result.seq}: ${printable(result.problem)}\n`);
    return result.ok ? 0 : ERROR_CODES.JOURNAL_TAMPERED.exitCode;
  } finally {
    await store.close();
  }
}

function parseKept(text: string): Anchor {
  const anchor = parseAnchorText(text);
  if (anchor === null)
    throw new LibosError(
      'INVALID_INPUT',
      'Verifying the journal failed: --anchor takes stream:seq:hash, as `journal anchor` prints it',
    );
  return anchor;
}
