import 'server-only';
import { databaseDialect, db } from '@/lib/db/client';

/**
 * The users whose email or searchable attribute (names, phone: UserAttribute.searchValue) contains
 * `q`, lower-cased, as the directory's search box means it. A `LIKE '%q%'` that the database can
 * answer from an index instead of reading every user (issue 10: p95 under 50 ms at a million users):
 * - PostgreSQL: pg_trgm GIN indexes on User.email and UserAttribute.searchValue.
 * - SQLite: an FTS5 trigram index (UserSearchIndex) over UserSearchText, a copy of the same texts
 *   that triggers keep in step with User and UserAttribute (migration directory_search). A phrase
 *   of trigrams matches exactly the texts that contain q; shorter than three characters there are
 *   no trigrams, and the copy is scanned instead.
 *
 * Returns null when more than `limit` users match. Such a search is not selective: walking the
 * directory in its sort order and filtering finds a page of matches sooner than collecting every
 * match would (lib/users/directory.ts then filters with `containsCondition`).
 */
export async function usersMatching(q: string, limit: number): Promise<string[] | null> {
  const rows = databaseDialect() === 'postgresql' ? await matchingOnPostgres(q, limit + 1) : await matchingOnSqlite(q, limit + 1);
  const ids = new Set<string>();
  const perSource = new Map<number, number>();
  for (const { id, source } of rows) {
    ids.add(id);
    perSource.set(Number(source), (perSource.get(Number(source)) ?? 0) + 1);
  }
  if ([...perSource.values()].some((n) => n > limit) || ids.size > limit) return null;
  return [...ids];
}

type Match = { id: string; source: number | bigint };

/** `%`, `_` and the escape character typed into the box, backslash-escaped so LIKE searches for them. */
function escapeLike(q: string) {
  return q.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function matchingOnPostgres(q: string, limit: number) {
  const pattern = `%${escapeLike(q)}%`;
  return db.$queryRawUnsafe<Match[]>(
    `(SELECT "id", 0 AS "source" FROM "User" WHERE "email" LIKE $1 ESCAPE '\\' LIMIT $2)
     UNION ALL
     (SELECT "userId", 1 FROM "UserAttribute" WHERE "searchValue" LIKE $1 ESCAPE '\\' LIMIT $2)`,
    pattern,
    limit,
  );
}

function matchingOnSqlite(q: string, limit: number) {
  if ([...q].length < 3) {
    return db.$queryRawUnsafe<Match[]>(`SELECT "userId" AS "id", 0 AS "source" FROM "UserSearchText" WHERE instr("text", ?) > 0 LIMIT ?`, q, limit);
  }
  // An FTS5 phrase: the query's trigrams in a row. A double quote inside is written twice.
  const phrase = `"${q.replaceAll('"', '""')}"`;
  return db.$queryRawUnsafe<Match[]>(
    `SELECT s."userId" AS "id", 0 AS "source" FROM "UserSearchIndex" f JOIN "UserSearchText" s ON s."id" = f.rowid
     WHERE "UserSearchIndex" MATCH ? LIMIT ?`,
    phrase,
    limit,
  );
}

/**
 * A Prisma `contains` for q. Prisma puts the text into LIKE as it is, so `%` and `_` typed into the
 * box would be wildcards. PostgreSQL takes a backslash escape in LIKE by default; SQLite has no
 * escape without an ESCAPE clause, which Prisma does not write, so there the condition keeps the
 * wildcards (it matches more, never less: `widened`) and the caller rechecks with usersContaining.
 */
export function containsCondition(q: string): { filter: { contains: string }; widened: boolean } {
  if (!/[\\%_]/.test(q)) return { filter: { contains: q }, widened: false };
  if (databaseDialect() === 'postgresql') return { filter: { contains: escapeLike(q) }, widened: false };
  return { filter: { contains: q }, widened: true };
}

/** SQLite: which of these users really contain q (as text, not as a pattern) in their email or a searchable attribute. */
export async function usersContaining(ids: string[], q: string): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const marks = ids.map(() => '?').join(', ');
  const rows = await db.$queryRawUnsafe<{ userId: string }[]>(
    `SELECT DISTINCT "userId" FROM "UserSearchText" WHERE "userId" IN (${marks}) AND instr("text", ?) > 0`,
    ...ids,
    q,
  );
  return new Set(rows.map((r) => r.userId));
}
