// A unified diff of two texts, bounded in edits and time, computed synchronously.
import { createTwoFilesPatch } from 'diff';

/** Most edits one diff computes before it gives up. */
const MAX_DIFF_EDITS = 10_000;

/**
 * How long one diff may compute (ms) before it gives up. **Decision — synchronous, short:** the
 * library's callback mode waits on a timer between steps (at least 1 ms per changed line: a
 * 3,000-line file took 2 s against 7.5 ms synchronously, bench/README.md), so the diff runs in
 * one go and blocks the event loop at most this long.
 */
const DIFF_TIMEOUT_MS = 250;

/**
 * The unified diff (3 lines of context) from `before` (named `from`) to `after` (named `to`), or
 * undefined when it needs more edits or time than the bounds allow.
 */
export function unifiedDiff(
  names: { readonly from: string; readonly to: string },
  before: string,
  after: string,
): string | undefined {
  return createTwoFilesPatch(names.from, names.to, before, after, '', '', {
    context: 3,
    maxEditLength: MAX_DIFF_EDITS,
    timeout: DIFF_TIMEOUT_MS,
  });
}
