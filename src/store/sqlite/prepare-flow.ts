// Prepared statements and row mapping for label rules and process taints (migration 012).
import type Database from 'better-sqlite3';
import { LibosError } from '../../base/errors.js';
import type { StoredLabelRule } from '../../kernel/flow/label-rule.js';
import type { Taint } from '../../kernel/flow/taint.js';

/** A row of `taints`. */
export interface TaintRow {
  readonly pid: string;
  readonly sensitivity: string;
  readonly origins_json: string;
  readonly sources_json: string;
  readonly dropped: number;
  readonly updated_at: number;
}

/** A row of `label_rules`. */
export interface LabelRuleRow {
  readonly pattern: string;
  readonly sensitivity: string;
  readonly on_exceed: string;
  readonly created_at: number;
}

/** Raw flow reads. */
export interface FlowReads {
  getTaint(pid: string): TaintRow | undefined;
  listRules(): LabelRuleRow[];
}

/** Prepares the flow reads of `db`. */
export function prepareFlowReads(db: Database.Database): FlowReads {
  const taint = db.prepare<[string], TaintRow>(
    'SELECT pid, sensitivity, origins_json, sources_json, dropped, updated_at FROM taints WHERE pid = ?',
  );
  const rules = db.prepare<[], LabelRuleRow>(
    'SELECT pattern, sensitivity, on_exceed, created_at FROM label_rules ORDER BY pattern',
  );
  return { getTaint: (pid) => taint.get(pid), listRules: () => rules.all() };
}

/** Prepared flow writes. */
export interface FlowWrites {
  readonly putTaint: Database.Statement<[TaintRow]>;
  readonly deleteTaint: Database.Statement<[string]>;
  readonly putRule: Database.Statement<[LabelRuleRow]>;
  readonly deleteRule: Database.Statement<[string]>;
}

/** Prepares the flow writes of the writing connection. */
export function prepareFlowWrites(db: Database.Database): FlowWrites {
  return {
    putTaint: db.prepare(
      'INSERT OR REPLACE INTO taints (pid, sensitivity, origins_json, sources_json, dropped, ' +
        'updated_at) VALUES (@pid, @sensitivity, @origins_json, @sources_json, @dropped, @updated_at)',
    ),
    deleteTaint: db.prepare('DELETE FROM taints WHERE pid = ?'),
    putRule: db.prepare(
      'INSERT OR REPLACE INTO label_rules (pattern, sensitivity, on_exceed, created_at) ' +
        'VALUES (@pattern, @sensitivity, @on_exceed, @created_at)',
    ),
    deleteRule: db.prepare('DELETE FROM label_rules WHERE pattern = ?'),
  };
}

/** The row storing `taint` for `pid`. */
export function toTaintRow(pid: string, taint: Taint, at: number): TaintRow {
  return {
    pid,
    sensitivity: taint.sensitivity,
    origins_json: JSON.stringify(taint.origins),
    sources_json: JSON.stringify(taint.sources),
    dropped: taint.dropped,
    updated_at: at,
  };
}

/**
 * The taint stored in `row`.
 * @throws STORE_CORRUPT when its JSON columns do not parse.
 */
export function fromTaintRow(row: TaintRow): Taint {
  try {
    return {
      sensitivity: row.sensitivity as Taint['sensitivity'],
      origins: JSON.parse(row.origins_json) as Taint['origins'],
      sources: JSON.parse(row.sources_json) as Taint['sources'],
      dropped: row.dropped,
    };
  } catch (error) {
    throw new LibosError('STORE_CORRUPT', `Reading the taint of ${row.pid} failed: bad JSON`, {
      cause: error,
    });
  }
}

/** The rule stored in `row`. */
export function fromLabelRuleRow(row: LabelRuleRow): StoredLabelRule {
  return {
    pattern: row.pattern,
    sensitivity: row.sensitivity as StoredLabelRule['sensitivity'],
    onExceed: row.on_exceed as StoredLabelRule['onExceed'],
    createdAt: row.created_at,
  };
}

/** The row storing `rule`. */
export function toLabelRuleRow(rule: StoredLabelRule): LabelRuleRow {
  return {
    pattern: rule.pattern,
    sensitivity: rule.sensitivity,
    on_exceed: rule.onExceed,
    created_at: rule.createdAt,
  };
}
