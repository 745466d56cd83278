// Bulk inserts for the benches: Prisma's createMany costs more per row than the database does, so
// rows go in as large multi-row statements: column arrays through unnest() on PostgreSQL (one
// parameter per column, whatever the batch size), multi-row VALUES on SQLite (its limit is 32766
// parameters a statement).
import type { Db } from '../../lib/db/client';

const quoted = (columns: readonly string[]) => columns.map((c) => `"${c}"`).join(', ');

/** A table's columns with their PostgreSQL array element types (SQLite ignores the types). */
export type BulkTable = { name: string; columns: readonly string[]; types: readonly string[] };

async function insertPostgres(db: Db, table: BulkTable, rows: unknown[][]) {
  // Dates travel as ISO text: node-postgres would format a Date in the server's local time zone.
  const arrays = table.columns.map((_, c) => rows.map((r) => (r[c] instanceof Date ? (r[c] as Date).toISOString() : r[c])));
  const unnest = table.types.map((t, c) => `$${c + 1}::${t}[]`).join(', ');
  await db.$executeRawUnsafe(`INSERT INTO "${table.name}" (${quoted(table.columns)}) SELECT * FROM unnest(${unnest})`, ...arrays);
}

async function insertSqlite(db: Db, table: BulkTable, rows: unknown[][]) {
  const perStatement = Math.floor(32_000 / table.columns.length);
  const tuple = `(${table.columns.map(() => '?').join(', ')})`;
  for (let from = 0; from < rows.length; from += perStatement) {
    const chunk = rows.slice(from, from + perStatement);
    await db.$executeRawUnsafe(`INSERT INTO "${table.name}" (${quoted(table.columns)}) VALUES ${chunk.map(() => tuple).join(', ')}`, ...chunk.flat());
  }
}

/** Inserts rows (values in the table's column order) in as few statements as the database allows. */
export function insertRows(db: Db, dialect: 'postgresql' | 'sqlite', table: BulkTable, rows: unknown[][]) {
  return dialect === 'postgresql' ? insertPostgres(db, table, rows) : insertSqlite(db, table, rows);
}
