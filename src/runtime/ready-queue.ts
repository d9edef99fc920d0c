// The in-memory ready queue: round-robin FIFO with a priority lane for pending interrupts.
import type { Pid } from '../base/ids.js';

/**
 * Two insertion-ordered sets: O(1) push, pop and de-duplication. A pid is in at most one lane;
 * a pid pushed with priority moves to the priority lane.
 */
export class ReadyQueue {
  private readonly urgent = new Set<Pid>();
  private readonly normal = new Set<Pid>();

  /** Number of queued pids. */
  get size(): number {
    return this.urgent.size + this.normal.size;
  }

  /** Queues `pid` at the tail of its lane. */
  push(pid: Pid, options: { priority: boolean }): void {
    if (options.priority) {
      this.normal.delete(pid);
      this.urgent.add(pid);
    } else if (!this.urgent.has(pid)) {
      this.normal.add(pid);
    }
  }

  /** Takes the next pid: pending interrupts first, then round-robin. */
  shift(): Pid | undefined {
    const lane = this.urgent.size > 0 ? this.urgent : this.normal;
    const next = lane.values().next();
    if (next.done === true) return undefined;
    lane.delete(next.value);
    return next.value;
  }

  /** Drops `pid` from the queue. */
  remove(pid: Pid): void {
    this.urgent.delete(pid);
    this.normal.delete(pid);
  }
}
