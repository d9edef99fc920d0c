// The flow writes of a SQLite transaction (label rules, taints), on the MCP layer; SqliteTx builds on it.
import type { Pid } from '../../base/ids.js';
import type { StoredLabelRule } from '../../kernel/flow/label-rule.js';
import type { Taint } from '../../kernel/flow/taint.js';
import type { FlowWriter } from '../../ports/flow-store.js';
import { toLabelRuleRow, toTaintRow, type FlowWrites } from './prepare-flow.js';
import type { SqliteReads } from './prepare-reads.js';
import type { SqliteWrites } from './prepare-writes.js';
import { SqliteMcpTx } from './sqlite-mcp-tx.js';

/** A reader that also writes label rules and taints; `SqliteTx` extends it with the rest. */
export class SqliteFlowTx extends SqliteMcpTx implements FlowWriter {
  readonly #flow: FlowWrites;

  constructor(
    reads: SqliteReads,
    writes: Pick<SqliteWrites, 'mcp' | 'flow'>,
    options: { capabilityVersion?: () => number | null },
  ) {
    super(reads, writes.mcp, options);
    this.#flow = writes.flow;
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
