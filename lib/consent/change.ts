import 'server-only';
import { db } from '@/lib/db/client';
import { recordAudit } from '@/lib/audit/record';
import { emitWebhookEvent } from '@/lib/webhooks/emit';
import { auditedAs, type ClientActor, type UserActor } from '@/lib/audit/actor';

export type ChangeConsentResult =
  | { ok: true; changed: boolean; purpose: { key: string; name: string }; version: number; granted: boolean }
  | { ok: false; error: 'unknown_purpose'; message: string };

/**
 * Gives or withdraws consent to one optional purpose, for its current text. Append-only:
 * every change is a new record (GDPR art. 7(1): the controller must be able to show
 * consent was given), audited in the same transaction. Repeating the standing choice
 * for the same text records nothing, so a double click leaves no noise.
 */
export async function changeConsent(
  input: { userId: string; purposeKey: string; granted: boolean },
  // The person in their consent centre, or a decision a machine client relays through the management API.
  // Staff do not decide for customers: consent is the customer's to give.
  by: UserActor | ClientActor,
): Promise<ChangeConsentResult> {
  const source = by.type === 'client' ? 'api' : 'account';
  return db.$transaction(async (tx) => {
    const purpose = await tx.consentPurpose.findFirst({
      // Documents are accepted, not toggled: withdrawing them means closing the account.
      where: { key: input.purposeKey, kind: 'purpose', active: true },
      include: { versions: { orderBy: { version: 'desc' }, take: 1 } },
    });
    const current = purpose?.versions[0];
    if (!purpose || !current) return { ok: false, error: 'unknown_purpose', message: 'That choice is not offered.' };
    const summary = { purpose: { key: purpose.key, name: purpose.name }, version: current.version, granted: input.granted };

    const latest = await tx.consentRecord.findFirst({
      where: { userId: input.userId, purposeId: purpose.id },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      select: { granted: true, versionId: true },
    });
    if (latest && latest.granted === input.granted && (!input.granted || latest.versionId === current.id)) {
      return { ok: true, changed: false, ...summary };
    }

    await tx.consentRecord.create({
      data: {
        userId: input.userId,
        purposeId: purpose.id,
        versionId: current.id,
        granted: input.granted,
        source,
        ipAddress: by.context.ip,
        userAgent: by.context.userAgent?.slice(0, 512),
      },
    });
    await emitWebhookEvent(tx, 'consent.updated', {
      userId: input.userId,
      purpose: purpose.key,
      version: current.version,
      granted: input.granted,
      source,
    });
    await recordAudit(tx, {
      action: 'user.consent_changed',
      target: { type: 'user', id: input.userId },
      metadata: { purpose: purpose.key, version: current.version, granted: input.granted, source },
      ...auditedAs(by),
    });
    return { ok: true, changed: true, ...summary };
  });
}
