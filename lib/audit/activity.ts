import 'server-only';
import { db } from '@/lib/db/client';
import { describeAuditEvent, parseAuditMetadata } from './describe';

export const ACTIVITY_PAGE_SIZE = 20;

/** Keyset cursor: the position of the last event shown, "<epoch ms>.<id>", opaque to the page. */
function encodeCursor(event: { occurredAt: Date; id: string }) {
  return `${event.occurredAt.getTime()}.${event.id}`;
}

function decodeCursor(cursor: string | null | undefined) {
  const match = /^(\d{1,15})\.([A-Za-z0-9_-]{1,64})$/.exec(cursor ?? '');
  return match ? { at: new Date(Number(match[1])), id: match[2]! } : null;
}

/**
 * A person's own security activity: every audit event about them (sign-ins, failures,
 * changes, staff opening their account), newest first, a page at a time. Only events
 * whose target is this user are read, so nobody else's events can appear, whatever the cursor.
 */
export async function accountActivity(userId: string, options: { before?: string | null; take?: number } = {}) {
  const take = options.take ?? ACTIVITY_PAGE_SIZE;
  const cursor = decodeCursor(options.before);
  const [events, purposes] = await Promise.all([
    db.auditEvent.findMany({
      where: {
        targetType: 'user',
        targetId: userId,
        ...(cursor ? { OR: [{ occurredAt: { lt: cursor.at } }, { occurredAt: cursor.at, id: { lt: cursor.id } }] } : {}),
      },
      // Served by the (targetId, occurredAt) index.
      orderBy: [{ occurredAt: 'desc' }, { id: 'desc' }],
      take: take + 1,
      select: { id: true, occurredAt: true, action: true, result: true, reason: true, actorType: true, metadata: true, ipAddress: true, userAgent: true },
    }),
    db.consentPurpose.findMany({ select: { key: true, name: true } }),
  ]);
  const purposeNames = Object.fromEntries(purposes.map((p) => [p.key, p.name]));
  const page = events.slice(0, take);
  return {
    events: page.map((e) => ({
      id: e.id,
      occurredAt: e.occurredAt,
      action: e.action,
      description: describeAuditEvent({ ...e, metadata: parseAuditMetadata(e.metadata), purposeNames }),
      failed: e.result === 'failure',
      byStaff: e.actorType === 'staff',
      // A staff member's network address and browser are theirs, not the customer's: the
      // customer learns that staff acted, and when, but not from where.
      ipAddress: e.actorType === 'staff' ? null : e.ipAddress,
      userAgent: e.actorType === 'staff' ? null : e.userAgent,
    })),
    /** Cursor for "Show older", or null on the last page. */
    older: events.length > take ? encodeCursor(page.at(-1)!) : null,
  };
}

export type ActivityEvent = Awaited<ReturnType<typeof accountActivity>>['events'][number];
