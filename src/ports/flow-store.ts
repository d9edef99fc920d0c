// The Store port's information-flow part: the operator's label rules and each process's taint.
import type { Pid } from '../base/ids.js';
import type { StoredLabelRule } from '../kernel/flow/label-rule.js';
import type { Taint } from '../kernel/flow/taint.js';

/** Reads of label rules and taints. */
export interface FlowReader {
  /** The taint of `pid`; undefined when it received nothing labelled since its last clearance. */
  getTaint(pid: Pid): Promise<Taint | undefined>;
  /** Every operator rule, by pattern (a small table: rules are few). */
  listLabelRules(): Promise<StoredLabelRule[]>;
}

/** Writes of label rules and taints; only inside a transaction. */
export interface FlowWriter {
  /** Stores `taint` as `pid`'s, replacing what was there. */
  putTaint(pid: Pid, taint: Taint, at: number): Promise<void>;
  /** Clears `pid`'s taint; true when it had one. */
  deleteTaint(pid: Pid): Promise<boolean>;
  /** Inserts or replaces the rule with `rule.pattern`. */
  putLabelRule(rule: StoredLabelRule): Promise<void>;
  /** Removes the rule with `pattern`; true when there was one. */
  deleteLabelRule(pattern: string): Promise<boolean>;
}
