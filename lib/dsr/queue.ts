import 'server-only';
import type { Prisma } from '@/generated/prisma/postgresql/client';
import { db, type DbOrTx } from '@/lib/db/client';
import { ACTIVE_DSR_STATUSES, type QueueSearch } from '@/lib/validation/dsr';

export const QUEUE_PAGE_SIZE = 25;

/** Keyset cursor "<dueAt ms>|<id>", base64url so it survives a URL. */
function encodeCursor(row: { dueAt: Date; id: string }) {
  return Buffer.from(`${row.dueAt.getTime()}|${row.id}`).toString('base64url');
}

function decodeCursor(cursor: string | undefined) {
  if (!cursor) return null;
  const match = /^(\d{1,15})\|([A-Za-z0-9_-]{1,64})$/.exec(Buffer.from(cursor, 'base64url').toString());
  return match ? { dueAt: new Date(Number(match[1])), id: match[2]! } : null;
}

/** Still to do and past its due date (GDPR art. 12(3): one month, extendable). */
export function isOverdue(request: { status: string; dueAt: Date }, now = new Date()) {
  return (ACTIVE_DSR_STATUSES as string[]).includes(request.status) && request.dueAt < now;
}

export function queueWhere(search: Omit<QueueSearch, 'after'>, viewerId: string, now = new Date()): Prisma.DataSubjectRequestWhereInput {
  const and: Prisma.DataSubjectRequestWhereInput[] = [];
  if (search.status === 'active') and.push({ status: { in: ACTIVE_DSR_STATUSES } });
  else if (search.status !== 'all') and.push({ status: search.status });
  if (search.type) and.push({ type: search.type });
  if (search.assignee === 'me') and.push({ assigneeId: viewerId });
  if (search.assignee === 'unassigned') and.push({ assigneeId: null });
  if (search.overdue === 'yes') and.push({ status: { in: ACTIVE_DSR_STATUSES }, dueAt: { lt: now } });
  return and.length ? { AND: and } : {};
}

/**
 * One page of the queue, soonest due first, in keyset order (dueAt, id) over the
 * (status, dueAt) index: no OFFSET, so a deep page costs the same as the first.
 */
export async function requestQueue(search: QueueSearch, viewerId: string, now = new Date(), take = QUEUE_PAGE_SIZE) {
  const cursor = decodeCursor(search.after);
  const where = queueWhere(search, viewerId, now);
  const rows = await db.dataSubjectRequest.findMany({
    where: cursor ? { AND: [where, { OR: [{ dueAt: { gt: cursor.dueAt } }, { dueAt: cursor.dueAt, id: { gt: cursor.id } }] }] } : where,
    orderBy: [{ dueAt: 'asc' }, { id: 'asc' }],
    take: take + 1,
    select: { id: true, type: true, subjectEmail: true, source: true, status: true, dueAt: true, assigneeId: true, createdAt: true },
  });
  const page = rows.slice(0, take);
  const names = await staffEmails(db, page.map((r) => r.assigneeId));
  return {
    requests: page.map((r) => ({ ...r, assignee: r.assigneeId ? (names.get(r.assigneeId) ?? 'Former staff member') : null, overdue: isOverdue(r, now) })),
    next: rows.length > take ? encodeCursor(page.at(-1)!) : null,
  };
}

export type QueueRow = Awaited<ReturnType<typeof requestQueue>>['requests'][number];

/** Staff emails by id, for assignees and timeline actors. */
export async function staffEmails(tx: DbOrTx, ids: (string | null | undefined)[]) {
  const wanted = [...new Set(ids.filter((id): id is string => Boolean(id)))];
  if (wanted.length === 0) return new Map<string, string>();
  const users = await tx.user.findMany({ where: { id: { in: wanted } }, select: { id: true, email: true } });
  return new Map(users.map((u) => [u.id, u.email]));
}

/** Whether a person may be given requests: they hold dsr:process through one of their roles. */
export async function canProcessRequests(tx: DbOrTx, userId: string) {
  const held = await tx.userRole.count({ where: { userId, user: { status: 'active' }, role: { permissions: { some: { permission: 'dsr:process' } } } } });
  return held > 0;
}

/** Everyone a request can be assigned to: active people holding dsr:process. */
export async function requestHandlers() {
  return db.user.findMany({
    where: { status: 'active', roles: { some: { role: { permissions: { some: { permission: 'dsr:process' } } } } } },
    orderBy: { email: 'asc' },
    take: 200,
    select: { id: true, email: true },
  });
}
