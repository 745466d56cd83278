import 'server-only';
import { db } from '@/lib/db/client';
import { recordUserEvent } from '@/lib/audit/record';
import { consumeLimit } from '@/lib/rate-limit/limiters';
import { buildUserExport, exportSummary, type UserExport } from './export-document';
import type { UserActor } from '@/lib/audit/actor';

/** GDPR art. 12(3): an access request is answered within one month. */
const ACCESS_REQUEST_DUE_DAYS = 30;

export type SelfServiceExportResult =
  | { ok: true; document: UserExport; requestId: string }
  | { ok: false; error: 'rate_limited'; retryAfterSeconds: number };

/**
 * "Download my data": builds the export and records it, in one transaction, as a
 * completed access request (so compliance sees self-service exports beside staff-handled
 * ones) and in the audit log. The file includes its own request and audit event.
 */
export async function exportOwnData(by: UserActor): Promise<SelfServiceExportResult> {
  // Per person, not per IP: the export is costly and sensitive, and a person needs few of them.
  const limit = await consumeLimit('dataExportUser', by.id);
  if (!limit.ok) return { ok: false, error: 'rate_limited', retryAfterSeconds: limit.retryAfterSeconds };
  return db.$transaction(async (tx) => {
    const now = new Date();
    const user = await tx.user.findUniqueOrThrow({ where: { id: by.id }, select: { email: true } });
    const request = await tx.dataSubjectRequest.create({
      data: {
        userId: by.id,
        subjectEmail: user.email,
        type: 'access',
        status: 'completed',
        source: 'self_service',
        dueAt: new Date(now.getTime() + ACCESS_REQUEST_DUE_DAYS * 24 * 60 * 60 * 1000),
        completedAt: now,
      },
    });
    await recordUserEvent(tx, 'user.data_exported', {
      userId: by.id,
      sessionId: by.sessionId,
      metadata: { requestId: request.id },
      context: by.context,
    });
    const document = await buildUserExport(tx, by.id, now);
    await tx.dataSubjectRequest.update({ where: { id: request.id }, data: { evidence: JSON.stringify(exportSummary(document)) } });
    return { ok: true, document, requestId: request.id };
  });
}
