import 'server-only';
import { db } from '@/lib/db/client';
import { recordAudit } from '@/lib/audit/record';

export type PublishResult =
  | { ok: true; purpose: { key: string; kind: string; required: boolean }; version: number }
  | { ok: false; error: 'unknown_purpose' | 'empty_text'; message: string };

/**
 * Publishes a new version of a purpose's or document's text. Earlier versions stay
 * (records point at the exact text agreed to); for a required document, everyone who
 * accepted an older version is asked to accept this one at their next sign-in.
 */
export async function publishConsentVersion(
  purposeKey: string,
  content: { title: string; text: string },
  actor: { type: 'staff' | 'system'; id?: string | null } = { type: 'system' },
): Promise<PublishResult> {
  const title = content.title.trim();
  const text = content.text.trim();
  if (!title || !text) return { ok: false, error: 'empty_text', message: 'A version needs a title and a text.' };
  return db.$transaction(async (tx) => {
    const purpose = await tx.consentPurpose.findUnique({
      where: { key: purposeKey },
      include: { versions: { orderBy: { version: 'desc' }, take: 1, select: { version: true } } },
    });
    if (!purpose) return { ok: false, error: 'unknown_purpose', message: `There is no consent purpose or document "${purposeKey}".` };
    const version = (purpose.versions[0]?.version ?? 0) + 1;
    await tx.consentVersion.create({ data: { purposeId: purpose.id, version, title, text } });
    await recordAudit(tx, {
      action: 'consent.version_published',
      actor,
      target: { type: 'consent_purpose', id: purpose.id },
      metadata: { purpose: purpose.key, version },
    });
    return { ok: true, purpose: { key: purpose.key, kind: purpose.kind, required: purpose.required }, version };
  });
}
