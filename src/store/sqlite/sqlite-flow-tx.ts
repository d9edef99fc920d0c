// The flow writes of a SQLite transaction (label rules, taints), the layer SqliteTx builds on.
import type { Pid } from '../../base/ids.js';
import type { StoredLabelRule } from '../../kernel/flow/label-rule.js';
import type { Taint } from '../../kernel/flow/taint.js';
import type { FlowWriter } from '../../ports/flow-store.js';
import { toLabelRuleRow, toTaintRow, type FlowWrites } from './prepare-flow.js';
import type { SqliteReads } from './prepare-reads.js';
import { SqliteReader } from './sqlite-reader.js';

/** A reader that also writes label rules and taints; `SqliteTx` extends it with the rest. */
export class SqliteFlowTx extends SqliteReader implements FlowWriter {
  readonly #flow: FlowWrites;

  constructor(
    reads: SqliteReads,
    flow: FlowWrites,
    options: { capabilityVersion?: () => number | null },
  ) {
    super(reads, options);
    this.#flow = flow;
  }

  /** Stores `taint` as `pid`'s. */
  putTaint(pid: Pid, taint: Taint, at: number): Promise<void> {
    return this.use(`Storing the taint of ${pid}`, () => {
      this.#flow.putTaint.run(toTaintRow(pid, taint, at));
    });
  }

  /** Clears `pid`'s taint; true when it had one. */
  deleteTaint(pid: Pid): Promise<boolean> {
    return this.use(
      `Clearing the taint of ${pid}`,
      () => this.#flow.deleteTaint.run(pid).changes > 0,
    );
  }

  /** Inserts or replaces a label rule. */
  putLabelRule(rule: StoredLabelRule): Promise<void> {
    return this.use('Storing a label rule', () => {
      this.#flow.putRule.run(toLabelRuleRow(rule));
    });
  }

  /** Removes a label rule; true when there was one. */
  deleteLabelRule(pattern: string): Promise<boolean> {
    return this.use('Removing a label rule', () => this.#flow.deleteRule.run(pattern).changes > 0);
  }
}
