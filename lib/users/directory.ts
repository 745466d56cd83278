import 'server-only';
import type { Prisma } from '@/generated/prisma/postgresql/client';
import { db } from '@/lib/db/client';
import type { DirectorySearch } from '@/lib/validation/directory';
import { containsCondition, usersContaining, usersMatching } from './directory-search';

export const DIRECTORY_PAGE_SIZE = 25;

type SortKey = DirectorySearch['sort'];
const SORT_FIELD = { created: 'createdAt', last_sign_in: 'lastSignInAt', email: 'email' } as const;

/**
 * Keyset cursor: the last row's sort value and id, "<kind>:<value>|<id>", base64url so it
 * survives a URL. "n" marks a null last-sign-in (nulls always sort last).
 */
function encodeCursor(sort: SortKey, row: { id: string; email: string; createdAt: Date; lastSignInAt: Date | null }) {
  const value = sort === 'email' ? `s:${row.email}` : (() => {
    const d = sort === 'created' ? row.createdAt : row.lastSignInAt;
    return d ? `d:${d.getTime()}` : 'n:';
  })();
  return Buffer.from(`${value}|${row.id}`).toString('base64url');
}

type Cursor = { value: string | Date | null; id: string };

function decodeCursor(sort: SortKey, cursor: string | undefined): Cursor | null {
  if (!cursor) return null;
  const match = /^([sdn]):(.*)\|([A-Za-z0-9_-]{1,64})$/s.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match) return null;
  const [, kind, raw, id] = match as unknown as [string, 's' | 'd' | 'n', string, string];
  if (sort === 'email') return kind === 's' ? { value: raw, id } : null;
  if (kind === 'n') return sort === 'last_sign_in' ? { value: null, id } : null;
  if (kind !== 'd' || !/^\d{1,15}$/.test(raw)) return null;
  return { value: new Date(Number(raw)), id };
}

/**
 * Rows strictly after the cursor in (sort key, id) order, for a key that is never null here. The
 * redundant bound (key <= value, descending) is what lets the database start an index range scan at
 * the cursor; without it an OR of two comparisons is a filter over every row before it.
 */
function afterCursor(field: (typeof SORT_FIELD)[SortKey], dir: 'asc' | 'desc', cursor: { value: string | Date; id: string }): Prisma.UserWhereInput {
  const beyond = dir === 'asc' ? 'gt' : 'lt';
  return {
    [field]: { [dir === 'asc' ? 'gte' : 'lte']: cursor.value },
    OR: [{ [field]: { [beyond]: cursor.value } }, { [field]: cursor.value, id: { [beyond]: cursor.id } }],
  };
}

type Segment = {
  where: Prisma.UserWhereInput;
  orderBy: Prisma.UserOrderByWithRelationInput[];
  /** The same stretch, after a row of it already read. */
  after: (row: DirectoryQueryRow) => Prisma.UserWhereInput;
};

/**
 * The stretches of the directory a page reads, in order. Never-signed-in users come last in both
 * directions; "NULLS LAST" in one ORDER BY matches no index on SQLite (it sorts every row) and only
 * one direction on PostgreSQL, so the signed-in users and the never-signed-in are read as two
 * index-ordered stretches, the second only when the first does not fill the page.
 */
function segments(sort: SortKey, dir: 'asc' | 'desc', cursor: Cursor | null): Segment[] {
  const field = SORT_FIELD[sort];
  const beyond = dir === 'asc' ? 'gt' : 'lt';
  const byKey = (where: Prisma.UserWhereInput): Segment => ({
    where,
    orderBy: [{ [field]: dir }, { id: dir }],
    after: (row) => afterCursor(field, dir, { value: row[field]!, id: row.id }),
  });
  if (sort !== 'last_sign_in') return [byKey(cursor ? afterCursor(field, dir, { value: cursor.value!, id: cursor.id }) : {})];
  const neverSignedIn = (where: Prisma.UserWhereInput): Segment => ({
    where: { lastSignInAt: null, ...where },
    orderBy: [{ id: dir }],
    after: (row) => ({ lastSignInAt: null, id: { [beyond]: row.id } }),
  });
  if (!cursor) return [byKey({ lastSignInAt: { not: null } }), neverSignedIn({})];
  if (cursor.value === null) return [neverSignedIn({ id: { [beyond]: cursor.id } })];
  return [byKey(afterCursor(field, dir, { value: cursor.value, id: cursor.id })), neverSignedIn({})];
}

const startOfDay = (d: string) => new Date(`${d}T00:00:00.000Z`);
const endOfDay = (d: string) => new Date(`${d}T23:59:59.999Z`);

function range(from?: string, to?: string) {
  if (!from && !to) return undefined;
  return { ...(from ? { gte: startOfDay(from) } : {}), ...(to ? { lte: endOfDay(to) } : {}) };
}

/** Users beyond this many matches make a search unselective (see usersMatching). */
export const SELECTIVE_SEARCH_LIMIT = 1000;

type DirectoryFilter = {
  where: Prisma.UserWhereInput;
  /** For a `where` that may match more than the search means: which of these rows really match. */
  recheck: ((ids: string[]) => Promise<Set<string>>) | null;
};

/**
 * The filters. Search compares lower-cased copies (User.email, and UserAttribute.searchValue for
 * names and phone), so it behaves the same on SQLite and PostgreSQL without `mode: 'insensitive'`.
 * A selective search becomes the list of matching ids, found through the search indexes; an
 * unselective one stays a condition, checked row by row in sort order until a page is full.
 */
async function directoryFilter(search: Omit<DirectorySearch, 'sort' | 'dir' | 'after' | 'cols'>, selectiveLimit: number): Promise<DirectoryFilter> {
  const and: Prisma.UserWhereInput[] = [];
  let recheck: DirectoryFilter['recheck'] = null;
  const q = search.q?.trim().toLowerCase();
  if (q) {
    const ids = await usersMatching(q, selectiveLimit);
    if (ids) and.push({ id: { in: ids } });
    else {
      const contains = containsCondition(q);
      and.push({ OR: [{ email: contains.filter }, { attributes: { some: { searchValue: contains.filter } } }] });
      if (contains.widened) recheck = (candidates) => usersContaining(candidates, q);
    }
  }
  if (search.status) and.push({ status: search.status });
  if (search.role) and.push({ roles: { some: { role: { key: search.role } } } });
  if (search.verified) and.push({ emailVerified: search.verified === 'yes' ? { not: null } : null });
  const created = range(search.createdFrom, search.createdTo);
  if (created) and.push({ createdAt: created });
  const signedIn = range(search.signedInFrom, search.signedInTo);
  if (signedIn) and.push({ lastSignInAt: signedIn });
  return { where: and.length ? { AND: and } : {}, recheck };
}

/**
 * One page of the user directory, in keyset order (sort key, id): no OFFSET, so a deep
 * page costs the same as the first. Returns the cursor for the next page, or null.
 */
export async function searchDirectory(search: DirectorySearch, take = DIRECTORY_PAGE_SIZE, selectiveLimit = SELECTIVE_SEARCH_LIMIT) {
  const { where, recheck } = await directoryFilter(search, selectiveLimit);
  const rows: DirectoryQueryRow[] = [];
  for (const segment of segments(search.sort, search.dir, decodeCursor(search.sort, search.after))) {
    let resume: DirectoryQueryRow | undefined;
    while (rows.length <= take) {
      // A widened condition (recheck) reads ahead in bigger steps: some of what it reads is dropped.
      const want = recheck ? Math.max(take + 1 - rows.length, 100) : take + 1 - rows.length;
      const batch = await db.user.findMany({
        where: { AND: [where, segment.where, ...(resume ? [segment.after(resume)] : [])] },
        orderBy: segment.orderBy,
        take: want,
        select: DIRECTORY_ROW,
      });
      const matching = recheck ? await recheck(batch.map((r) => r.id)) : null;
      rows.push(...(matching ? batch.filter((r) => matching.has(r.id)) : batch));
      if (!recheck || batch.length < want) break;
      resume = batch.at(-1);
    }
    if (rows.length > take) break;
  }
  const page = rows.slice(0, take);
  return {
    users: page.map(({ roles, ...u }) => ({ ...u, roles: roles.map((r) => r.role) })),
    next: rows.length > take ? encodeCursor(search.sort, page.at(-1)!) : null,
  };
}

const DIRECTORY_ROW = {
  id: true,
  email: true,
  name: true,
  status: true,
  emailVerified: true,
  createdAt: true,
  lastSignInAt: true,
  roles: { select: { role: { select: { key: true, name: true } } } },
} satisfies Prisma.UserSelect;

type DirectoryQueryRow = Prisma.UserGetPayload<{ select: typeof DIRECTORY_ROW }>;

export type DirectoryRow = Awaited<ReturnType<typeof searchDirectory>>['users'][number];

/** Roles to filter by, for the filter's options. */
export async function directoryRoles() {
  return db.role.findMany({ orderBy: { name: 'asc' }, select: { key: true, name: true } });
}
