// Bytes per table and index of a SQLite database, from SQLite's `dbstat` (pages, overflow included).
import Database from 'better-sqlite3';

/**
 * Bytes per table and index (the pages each b-tree holds, overflow pages included) of the database
 * at `path`, largest first, read on a read-only connection of its own (in WAL mode it sees every
 * committed transaction, so the database may stay open elsewhere).
 */
export function tableBytes(path: string): Record<string, number> {
  const handle = new Database(path, { readonly: true });
  try {
    const rows = handle
      .prepare<[], { name: string; bytes: number }>(
        'SELECT name, SUM(pgsize) AS bytes FROM dbstat GROUP BY name ORDER BY bytes DESC',
      )
      .all();
    return Object.fromEntries(rows.map((row) => [row.name, row.bytes]));
  } finally {
    handle.close();
  }
}
