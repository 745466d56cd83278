import 'server-only';
import type { Prisma } from '@/generated/prisma/postgresql/client';
import { db } from '@/lib/db/client';
import type { DirectorySearch } from '@/lib/validation/directory';

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

/** Rows strictly after the cursor in (sort key, id) order; nulls of last-sign-in come last in both directions. */
function afterCursor(sort: SortKey, dir: 'asc' | 'desc', cursor: Cursor): Prisma.UserWhereInput {
  const field = SORT_FIELD[sort];
  const beyond = dir === 'asc' ? 'gt' : 'lt';
  if (cursor.value === null) return { [field]: null, id: { [beyond]: cursor.id } };
  const past: Prisma.UserWhereInput[] = [{ [field]: { [beyond]: cursor.value } }, { [field]: cursor.value, id: { [beyond]: cursor.id } }];
  if (sort === 'last_sign_in') past.push({ lastSignInAt: null });
  return { OR: past };
}

const startOfDay = (d: string) => new Date(`${d}T00:00:00.000Z`);
const endOfDay = (d: string) => new Date(`${d}T23:59:59.999Z`);

function range(from?: string, to?: string) {
  if (!from && !to) return undefined;
  return { ...(from ? { gte: startOfDay(from) } : {}), ...(to ? { lte: endOfDay(to) } : {}) };
}

/**
 * The filters. Search is a portable `contains` on lower-cased copies (User.email, and
 * UserAttribute.searchValue for name and phone), so it behaves the same on SQLite and
 * PostgreSQL without `mode: 'insensitive'`.
 */
export function directoryWhere(search: Omit<DirectorySearch, 'sort' | 'dir' | 'after' | 'cols'>): Prisma.UserWhereInput {
  const and: Prisma.UserWhereInput[] = [];
  const q = search.q?.trim().toLowerCase();
  if (q) and.push({ OR: [{ email: { contains: q } }, { attributes: { some: { searchValue: { contains: q } } } }] });
  if (search.status) and.push({ status: search.status });
  if (search.role) and.push({ roles: { some: { role: { key: search.role } } } });
  if (search.verified) and.push({ emailVerified: search.verified === 'yes' ? { not: null } : null });
  const created = range(search.createdFrom, search.createdTo);
  if (created) and.push({ createdAt: created });
  const signedIn = range(search.signedInFrom, search.signedInTo);
  if (signedIn) and.push({ lastSignInAt: signedIn });
  return and.length ? { AND: and } : {};
}

/**
 * One page of the user directory, in keyset order (sort key, id): no OFFSET, so a deep
 * page costs the same as the first. Returns the cursor for the next page, or null.
 */
export async function searchDirectory(search: DirectorySearch, take = DIRECTORY_PAGE_SIZE) {
  const field = SORT_FIELD[search.sort];
  const cursor = decodeCursor(search.sort, search.after);
  const where = directoryWhere(search);
  const orderBy: Prisma.UserOrderByWithRelationInput[] =
    search.sort === 'last_sign_in'
      ? [{ lastSignInAt: { sort: search.dir, nulls: 'last' } }, { id: search.dir }]
      : [{ [field]: search.dir }, { id: search.dir }];
  const rows = await db.user.findMany({
    where: cursor ? { AND: [where, afterCursor(search.sort, search.dir, cursor)] } : where,
    orderBy,
    take: take + 1,
    select: {
      id: true,
      email: true,
      name: true,
      status: true,
      emailVerified: true,
      createdAt: true,
      lastSignInAt: true,
      roles: { select: { role: { select: { key: true, name: true } } } },
    },
  });
  const page = rows.slice(0, take);
  return {
    users: page.map(({ roles, ...u }) => ({ ...u, roles: roles.map((r) => r.role) })),
    next: rows.length > take ? encodeCursor(search.sort, page.at(-1)!) : null,
  };
}

export type DirectoryRow = Awaited<ReturnType<typeof searchDirectory>>['users'][number];

/** Roles to filter by, for the filter's options. */
export async function directoryRoles() {
  return db.role.findMany({ orderBy: { name: 'asc' }, select: { key: true, name: true } });
}
