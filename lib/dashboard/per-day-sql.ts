import 'server-only';
import { Prisma } from '@/generated/prisma/postgresql/client';
import { databaseDialect } from '@/lib/db/client';

/**
 * The UTC day ('YYYY-MM-DD') of a DateTime column, as SQL for the database in use: the one
 * dialect-specific piece of the dashboard's per-day counts. The SQLite adapter stores DateTime
 * as ISO 8601 text ('2026-11-25T09:30:00.000+00:00', see mapArg in @prisma/adapter-better-sqlite3),
 * so the day is its first ten characters; PostgreSQL stores timestamp(3) holding UTC.
 */
export function utcDayOf(column: Prisma.Sql): Prisma.Sql {
  return databaseDialect() === 'postgresql' ? Prisma.sql`to_char(${column}, 'YYYY-MM-DD')` : Prisma.sql`substr(${column}, 1, 10)`;
}

/** A quoted column reference, e.g. column('u', 'createdAt') → u."createdAt" (names are ours, never input). */
export function column(table: string, name: string): Prisma.Sql {
  return Prisma.raw(`${table}."${name}"`);
}

/** COUNT(*) arrives as bigint from PostgreSQL and as a number from SQLite. */
export function countOf(value: bigint | number | string): number {
  return Number(value);
}

export { Prisma };
