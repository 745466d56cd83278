import { apiHandler, pageResponse } from '@/lib/api/handler';
import { OPERATIONS } from '@/lib/api/operations';
import { auditLogPage } from '@/lib/audit/log-query';
import { parseAuditMetadata } from '@/lib/audit/describe';
import { parsePersonalText } from '@/lib/audit/record';

export const GET = apiHandler(OPERATIONS.queryAuditEvents, async ({ query }) => {
  const { order, cursor, limit, ...filter } = query;
  // The next page continues the way the order runs: older events for newest-first, newer for oldest-first.
  const page = await auditLogPage(filter, { order, take: limit, ...(order === 'newest' ? { before: cursor } : { after: cursor }) });
  const next = order === 'newest' ? page.olderCursor : page.newerCursor;
  return pageResponse(
    page.events.map((e) => ({
      id: e.id,
      occurredAt: e.occurredAt.toISOString(),
      action: e.action,
      result: e.result,
      reason: e.reason,
      actorType: e.actorType,
      actorId: e.actorId,
      targetType: e.targetType,
      targetId: e.targetId,
      // Free text (staff reasons, passkey names) is stored apart so erasure can clear it; callers see it with the rest.
      metadata: { ...parseAuditMetadata(e.metadata), ...parsePersonalText(e.personalText) },
    })),
    next,
  );
});
