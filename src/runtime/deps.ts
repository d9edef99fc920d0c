// What every runtime command needs: the store, a clock, an id source and a way to tell the scheduler.
import type { Clock } from '../base/clock.js';
import type { IdSource, Pid } from '../base/ids.js';
import type { Store } from '../ports/store.js';
import type { CapabilityCache } from './authority/capability-cache.js';

/** Why the runtime is aborting a process's in-flight quantum. */
export type AbortCause = 'pause' | 'kill' | 'interrupt' | 'shutdown';

/** Told after a command commits, so the in-memory scheduler follows the store. */
export interface Notifier {
  /** `pid` became runnable. */
  runnable(pid: Pid, options: { priority: boolean }): void;
  /** `pid`'s in-flight quantum (if any) must stop. */
  abort(pid: Pid, cause: AbortCause): void;
  /** A timer wake-up was registered at `at`. */
  timer(at: number): void;
}

/** Dependencies of runtime commands. */
export interface RuntimeDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly notify: Notifier;
  /** This runtime's cache of capability records (never shared between runtimes). */
  readonly capabilities: CapabilityCache;
}

/** A notifier that drops everything; for commands run with no scheduler attached. */
export const SILENT_NOTIFIER: Notifier = {
  runnable: () => undefined,
  abort: () => undefined,
  timer: () => undefined,
};
