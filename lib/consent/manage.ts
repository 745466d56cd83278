import 'server-only';
import { db } from '@/lib/db/client';
import { recordAudit } from '@/lib/audit/record';
import { auditedAs, type StaffActor } from '@/lib/audit/actor';
import { ONLY_DOCUMENTS_REQUIRED, type ConsentKind } from '@/lib/validation/consent-admin';
import { appendConsentVersion, asksAgain } from './publish';
import { currentConsentCounts, grantRate } from './report';

export type ConsentAdminFailure = { ok: false; code: string; field?: 'key' | 'required'; error: string };

/** Every purpose and document, with its current version and how many people grant it now. */
export async function listConsentPurposes() {
  const [purposes, counts] = await Promise.all([
    db.consentPurpose.findMany({
      orderBy: [{ sortOrder: 'asc' }, { createdAt: 'asc' }],
      include: { versions: { orderBy: { version: 'desc' }, take: 1, select: { version: true, publishedAt: true } } },
    }),
    currentConsentCounts(),
  ]);
  return purposes.map((p) => {
    const standing = counts.get(p.id) ?? { decided: 0, granted: 0, grantedByVersion: {} };
    const current = p.versions[0] ?? null;
    return {
      key: p.key,
      name: p.name,
      kind: p.kind as ConsentKind,
      required: p.required,
      active: p.active,
      currentVersion: current,
      decided: standing.decided,
      granted: standing.granted,
      /** Granted on the current text: for documents, who has accepted the latest version. */
      grantedCurrent: current ? (standing.grantedByVersion[current.version] ?? 0) : 0,
      rate: grantRate(standing),
    };
  });
}

/** One purpose with its full version history, newest first, or null. */
export async function findConsentPurpose(key: string) {
  const purpose = await db.consentPurpose.findUnique({
    where: { key },
    include: { versions: { orderBy: { version: 'desc' }, include: { _count: { select: { records: true } } } } },
  });
  if (!purpose) return null;
  return {
    id: purpose.id,
    key: purpose.key,
    name: purpose.name,
    kind: purpose.kind as ConsentKind,
    required: purpose.required,
    active: purpose.active,
    createdAt: purpose.createdAt,
    versions: purpose.versions.map((v) => ({ id: v.id, version: v.version, title: v.title, text: v.text, publishedAt: v.publishedAt, records: v._count.records })),
  };
}

/**
 * Adds a purpose or document with its first version. A new required document is put to
 * every existing customer at their next sign-in, as if its first version were an update.
 */
export async function createConsentPurpose(
  input: { key: string; name: string; kind: ConsentKind; required: boolean; title: string; text: string },
  actor: StaffActor,
): Promise<{ ok: true; key: string } | ConsentAdminFailure> {
  if (input.kind === 'purpose' && input.required) return { ok: false, code: 'purpose_required', field: 'required', error: ONLY_DOCUMENTS_REQUIRED };
  return db.$transaction(async (tx) => {
    if (await tx.consentPurpose.findUnique({ where: { key: input.key }, select: { id: true } })) {
      return { ok: false as const, code: 'key_taken', field: 'key' as const, error: 'A purpose or document with this key exists already. Choose another key.' };
    }
    const last = await tx.consentPurpose.aggregate({ _max: { sortOrder: true } });
    const purpose = await tx.consentPurpose.create({
      data: { key: input.key, name: input.name, kind: input.kind, required: input.required, sortOrder: (last._max.sortOrder ?? 0) + 1 },
    });
    await recordAudit(tx, {
      action: 'consent.purpose_created',
      ...auditedAs(actor),
      target: { type: 'consent_purpose', id: purpose.id },
      metadata: { purpose: purpose.key, kind: purpose.kind, required: purpose.required },
    });
    await appendConsentVersion(tx, purpose, { title: input.title, text: input.text }, actor);
    return { ok: true as const, key: purpose.key };
  });
}

/**
 * Renames, (de)activates, or makes a document (not) required. Making a document required,
 * or reactivating a required one, asks everyone who has not accepted its current text at
 * their next sign-in; records and versions are never touched.
 */
export async function updateConsentPurpose(
  key: string,
  input: { name: string; required: boolean; active: boolean },
  actor: StaffActor,
): Promise<{ ok: true; asksAgain: boolean } | ConsentAdminFailure> {
  return db.$transaction(async (tx) => {
    const purpose = await tx.consentPurpose.findUnique({ where: { key } });
    if (!purpose) return { ok: false as const, code: 'not_found', error: 'This purpose or document no longer exists.' };
    if (purpose.kind === 'purpose' && input.required) {
      return { ok: false as const, code: 'purpose_required', field: 'required' as const, error: ONLY_DOCUMENTS_REQUIRED };
    }
    const updated = await tx.consentPurpose.update({ where: { id: purpose.id }, data: input });
    await recordAudit(tx, {
      action: 'consent.purpose_updated',
      ...auditedAs(actor),
      target: { type: 'consent_purpose', id: purpose.id },
      metadata: { purpose: purpose.key, name: updated.name, required: updated.required, active: updated.active },
    });
    return { ok: true as const, asksAgain: asksAgain(updated) && !asksAgain(purpose) };
  });
}
