// `agent-libos journal anchor`: prints the journal's current heads, for an operator to keep elsewhere.
import { anchorText } from '../../kernel/journal/anchor.js';
import type { CliContext } from '../cli-context.js';
import { writeJson } from '../format/write-json.js';
import { openReadStore } from '../open-read-store.js';

/**
 * Prints the head of every journal stream as `stream:seq:hash`, one per line (read-only, works
 * while a runtime runs). Kept outside the machine, such a line lets `journal verify --anchor`
 * catch a rewrite or truncation even by someone who also rewrote the anchor log. With `--json`:
 * `[{ stream, seq, hash }]`. Returns the exit code.
 * @throws NOT_FOUND when there is no database
 */
export async function runJournalAnchor(context: CliContext): Promise<number> {
  const store = await openReadStore(context);
  try {
    const heads = await store.read((reader) => reader.journalHeads());
    if (context.json) writeJson(context.io, heads);
    else for (const head of heads) context.io.stdout(`${anchorText(head)}\n`);
    return 0;
  } finally {
    await store.close();
  }
}
