import 'server-only';
import { db } from '@/lib/db/client';
import type { AuditCursor, AuditFilter, AuditOrder } from '@/lib/validation/audit';

export const AUDIT_PAGE_SIZE = 50;

type Where = NonNullable<NonNullable<Parameters<typeof db.auditEvent.findMany>[0]>['where']>;

function whereOf(filter: AuditFilter): Where {
  return {
    ...(filter.actor ? { actorId: filter.actor } : {}),
    ...(filter.target ? { targetId: filter.target } : {}),
    ...(filter.action ? { action: filter.action } : {}),
    ...(filter.result ? { result: filter.result } : {}),
    ...(filter.from || filter.to ? { occurredAt: { ...(filter.from ? { gte: filter.from } : {}), ...(filter.to ? { lte: filter.to } : {}) } } : {}),
  };
}

/**
 * Rows strictly older (or newer) than the cursor in (occurredAt, id) order: the keyset the indexes
 * serve. The bound on occurredAt alone says nothing the OR does not, but it is what lets the planner
 * start the index scan at the cursor: under the OR alone, PostgreSQL read from the end of the index
 * and filtered, so a page 90% of the way back read 90% of the log (323 ms at 1M events, 2.4 ms with it).
 */
function beyond(cursor: AuditCursor, direction: 'older' | 'newer'): Where {
  const [cmp, cmpOrEqual] = direction === 'older' ? (['lt', 'lte'] as const) : (['gt', 'gte'] as const);
  return {
    occurredAt: { [cmpOrEqual]: cursor.occurredAt },
    OR: [{ occurredAt: { [cmp]: cursor.occurredAt } }, { occurredAt: cursor.occurredAt, id: { [cmp]: cursor.id } }],
  };
}

export function cursorOf(row: { occurredAt: Date; id: string }) {
  return `${row.occurredAt.toISOString()}_${row.id}`;
}

/**
 * One page of the log, newest first (or oldest first), with the cursors for the pages either side.
 * Older pages are read backwards from `before`, newer ones forwards from `after`; a first page
 * starts from the end the order begins at.
 */
export async function auditLogPage(filter: AuditFilter, page: { before?: AuditCursor; after?: AuditCursor; order?: AuditOrder; take?: number } = {}) {
  const take = page.take ?? AUDIT_PAGE_SIZE;
  const cursor = page.before ?? page.after;
  const towardNewer = page.before ? false : page.after ? true : page.order === 'oldest';
  const fetchOrder = towardNewer ? ('asc' as const) : ('desc' as const);
  const rows = await db.auditEvent.findMany({
    where: { AND: [whereOf(filter), cursor ? beyond(cursor, towardNewer ? 'newer' : 'older') : {}] },
    orderBy: [{ occurredAt: fetchOrder }, { id: fetchOrder }],
    take: take + 1,
  });
  const more = rows.length > take;
  const newestFirst = rows.slice(0, take);
  if (towardNewer) newestFirst.reverse();
  const newest = newestFirst[0];
  const oldest = newestFirst.at(-1);
  // Coming from a cursor means there is a page back the way we came.
  const hasNewer = towardNewer ? more : Boolean(cursor);
  const hasOlder = towardNewer ? Boolean(cursor) : more;
  return {
    events: page.order === 'oldest' ? [...newestFirst].reverse() : newestFirst,
    newerCursor: newest && hasNewer ? cursorOf(newest) : null,
    olderCursor: oldest && hasOlder ? cursorOf(oldest) : null,
  };
}

export type AuditLogEvent = Awaited<ReturnType<typeof auditLogPage>>['events'][number];

/** Every event the filter matches, newest first, `batch` rows per query: exports never hold the whole set. */
export async function* auditEventsInBatches(filter: AuditFilter, batch = 500) {
  let cursor: AuditCursor | undefined;
  for (;;) {
    const rows = await db.auditEvent.findMany({
      where: { AND: [whereOf(filter), cursor ? beyond(cursor, 'older') : {}] },
      orderBy: [{ occurredAt: 'desc' }, { id: 'desc' }],
      take: batch,
    });
    if (rows.length) yield rows;
    if (rows.length < batch) return;
    const last = rows.at(-1)!;
    cursor = { occurredAt: last.occurredAt, id: last.id };
  }
}
