// A command's working set inside one transaction: state changes, journal drafts, post-commit notes.
import type { Json } from '../../base/canonical-json.js';
import { LibosError } from '../../base/errors.js';
import type { Pid } from '../../base/ids.js';
import type { JournalDraft } from '../../kernel/journal/entry.js';
import { transition, type ProcessEvent } from '../../kernel/process/transition.js';
import type { Actor, AgentProcess } from '../../kernel/process/types.js';
import type { StoreTx } from '../../ports/store.js';
import type { AbortCause, Notifier, RuntimeDeps } from '../deps.js';

/**
 * Collects what one command does so it commits as one transaction and the scheduler hears about
 * it only after the commit.
 */
export class CommandScope {
  readonly tx: StoreTx;
  readonly now: number;
  readonly actor: Actor;
  private readonly drafts: JournalDraft[] = [];
  private readonly notes: ((notify: Notifier) => void)[] = [];

  constructor(tx: StoreTx, options: { now: number; actor: Actor }) {
    this.tx = tx;
    this.now = options.now;
    this.actor = options.actor;
  }

  /** Queues a journal entry; appended when the command finishes. */
  journal(type: string, pid: Pid | null, data: { readonly [key: string]: Json }): void {
    this.drafts.push({ type, pid, actor: this.actor, data });
  }

  /** Queues a scheduler notification that fires only after commit. */
  after(note: (notify: Notifier) => void): void {
    this.notes.push(note);
  }

  /** Schedules an abort of `pid`'s in-flight quantum after commit. */
  abortAfter(pid: Pid, cause: AbortCause): void {
    this.after((n) => {
      n.abort(pid, cause);
    });
  }

  /**
   * Reads a process.
   * @throws NOT_FOUND when there is no such process.
   */
  async load(pid: Pid, attempted: string): Promise<AgentProcess> {
    const found = await this.tx.getProcess(pid);
    if (found === undefined) {
      throw new LibosError('NOT_FOUND', `${attempted} failed: no process ${pid}`, {
        details: { pid },
      });
    }
    return found;
  }

  /**
   * Applies a state-machine event and writes the new row (version + 1).
   * @throws ILLEGAL_TRANSITION when the state machine rejects the event.
   */
  async apply(
    process: AgentProcess,
    event: ProcessEvent,
    options: { attempted: string; patch?: Partial<AgentProcess> },
  ): Promise<AgentProcess> {
    const result = transition(process.state, event);
    if (!result.ok) {
      throw new LibosError('ILLEGAL_TRANSITION', `${options.attempted} failed: ${result.reason}`, {
        details: { pid: process.pid, state: process.state.kind, event: event.type },
      });
    }
    return this.write({ ...process, ...options.patch, state: result.state });
  }

  /** Writes `next` as the new version of its row. */
  async write(next: AgentProcess): Promise<AgentProcess> {
    const row = { ...next, version: next.version + 1, updatedAt: this.now };
    await this.tx.updateProcess(row);
    if (row.state.kind === 'runnable') {
      const priority = row.pendingInterrupts > 0;
      this.after((n) => {
        n.runnable(row.pid, { priority });
      });
    }
    const at = wakeAt(row);
    if (at !== null) {
      this.after((n) => {
        n.timer(at);
      });
    }
    return row;
  }

  /** Appends the queued journal entries (called once, at the end of the transaction). */
  async flush(): Promise<void> {
    if (this.drafts.length > 0) await this.tx.appendJournal(this.drafts);
  }

  /** Delivers the post-commit notifications. */
  deliver(notify: Notifier): void {
    for (const note of this.notes) note(notify);
  }
}

/** When time alone wakes `process`: its timer, or the deadline of the human requests it waits on. */
function wakeAt(process: AgentProcess): number | null {
  const { state } = process;
  if (state.kind !== 'waiting') return null;
  if (state.wait.on === 'timer') return state.wait.wakeAt;
  if (state.wait.on === 'human') return state.wait.deadline;
  return null;
}

/** Runs `body` as one command: one transaction, its journal entries, then notifications. */
export async function runCommand<T>(
  deps: RuntimeDeps,
  options: { actor: Actor; signal?: AbortSignal },
  body: (scope: CommandScope) => Promise<T>,
): Promise<T> {
  let scope: CommandScope | undefined;
  const result = await deps.store.transact(
    async (tx) => {
      scope = new CommandScope(tx, { now: deps.clock.now(), actor: options.actor });
      const value = await body(scope);
      await scope.flush();
      return value;
    },
    options.signal === undefined ? {} : { signal: options.signal },
  );
  scope?.deliver(deps.notify);
  return result;
}
