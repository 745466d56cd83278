import 'server-only';
import type { DbOrTx } from '@/lib/db/client';
import { recordUserEvent } from '@/lib/audit/record';
import { emitWebhookEvent } from '@/lib/webhooks/emit';
import type { RequestContext } from '@/lib/http/request-context';

/** The newest version of every active required document (terms, privacy notice). */
export async function currentRequiredDocuments(tx: DbOrTx) {
  const purposes = await tx.consentPurpose.findMany({
    where: { kind: 'document', required: true, active: true },
    include: { versions: { orderBy: { version: 'desc' }, take: 1 } },
    orderBy: { sortOrder: 'asc' },
  });
  return purposes.flatMap((p) => (p.versions[0] ? [{ purpose: p, version: p.versions[0] }] : []));
}

type RequiredDocument = Awaited<ReturnType<typeof currentRequiredDocuments>>[number];

/**
 * Records acceptance of the current required documents, or of the given ones (append-only),
 * and audits each.
 */
export async function acceptRequiredDocuments(
  tx: DbOrTx,
  input: { userId: string; source: 'sign_up' | 're_consent'; context: RequestContext; documents?: RequiredDocument[] },
) {
  const documents = input.documents ?? (await currentRequiredDocuments(tx));
  for (const { purpose, version } of documents) {
    await tx.consentRecord.create({
      data: {
        userId: input.userId,
        purposeId: purpose.id,
        versionId: version.id,
        granted: true,
        source: input.source,
        ipAddress: input.context.ip,
        userAgent: input.context.userAgent?.slice(0, 512),
      },
    });
    await emitWebhookEvent(tx, 'consent.updated', { userId: input.userId, purpose: purpose.key, version: version.version, granted: true, source: input.source });
    await recordUserEvent(tx, 'user.consent_recorded', {
      userId: input.userId,
      metadata: { purpose: purpose.key, version: version.version, granted: true, source: input.source },
      context: input.context,
    });
  }
  return documents;
}
