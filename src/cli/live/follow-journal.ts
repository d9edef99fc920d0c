// Follows the journal of the runtime this process serves: lifecycle log lines and request hooks.
import type { JournalEntry } from '../../kernel/journal/entry.js';
import type { Runtime } from '../../runtime/runtime.js';
import { followEvents } from '../../server/event-stream.js';
import { JournalFollower } from '../../server/journal-follower.js';

/**
 * Calls `onEntry` for every entry of `types` (`x.*` prefixes allowed) committed from now on, in
 * seq order, until `signal` fires; resolves when it has stopped. A failing `onEntry` is reported
 * by `onError` and does not stop the following.
 */
export async function followJournal(
  runtime: Runtime,
  options: {
    types: readonly string[];
    signal: AbortSignal;
    onEntry: (entry: JournalEntry) => Promise<void> | void;
    onError: (error: unknown) => void;
  },
): Promise<void> {
  const follower = await JournalFollower.open(runtime.store);
  try {
    for await (const event of followEvents(runtime, follower, {
      afterSeq: follower.head,
      filter: { types: options.types },
      signal: options.signal,
    })) {
      if (event.event !== 'journal') continue;
      try {
        await options.onEntry(event.data as unknown as JournalEntry);
      } catch (error) {
        options.onError(error);
      }
    }
  } catch (error) {
    // The store closing under a stopping service ends the following; anything else is told.
    if (!options.signal.aborted) options.onError(error);
  } finally {
    follower.close();
  }
}
