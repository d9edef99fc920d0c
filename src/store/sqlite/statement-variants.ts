// Listings with optional filters: one SQL text per filter combination, prepared once and reused.

import type Database from 'better-sqlite3';

/** Runs `sql` with `params`, preparing each distinct SQL text once per connection. */
export type VariantRunner = <Row>(sql: string, params: readonly unknown[]) => Row[];

/**
 * A runner over `db` that caches a prepared statement per SQL text, so every filter combination
 * keeps a plain condition the planner can serve from an index.
 */
export function createVariantRunner(db: Database.Database): VariantRunner {
  const variants = new Map<string, Database.Statement>();
  return <Row>(sql: string, params: readonly unknown[]): Row[] => {
    let statement = variants.get(sql);
    if (statement === undefined) {
      statement = db.prepare(sql);
      variants.set(sql, statement);
    }
    return statement.all(...params) as Row[];
  };
}

/** ` WHERE a AND b`, or nothing for no conditions. */
export function whereClause(conditions: readonly string[]): string {
  return conditions.length === 0 ? '' : ` WHERE ${conditions.join(' AND ')}`;
}
