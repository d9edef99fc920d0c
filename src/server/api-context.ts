// What every route handler reaches: the runtime, the journal follower and the state directory.
import type { Runtime } from '../runtime/runtime.js';
import type { JournalFollower } from './journal-follower.js';

/** The server's view of the runtime it serves; it holds no state of its own. */
export interface ApiContext {
  readonly runtime: Runtime;
  readonly follower: JournalFollower;
  /** The runtime's database file (its anchor log sits beside it), or null for none here. */
  readonly dbPath: string | null;
}
