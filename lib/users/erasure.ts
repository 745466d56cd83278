import 'server-only';
import { randomBytes } from 'node:crypto';
import { db, type Tx } from '@/lib/db/client';
import { recordAudit } from '@/lib/audit/record';
import { encodeSequences, redactedSequences } from '@/lib/audit/chain';
import { holdSealer } from '@/lib/audit/sealer';
import { grantIdsOf } from '@/lib/oidc/adapter';
import { emitWebhookEvent } from '@/lib/webhooks/emit';
import { isLastActiveAdministrator } from '@/lib/rbac/assignments';
import { mayActOn } from '@/lib/rbac/hierarchy';
import { auditedAs, systemActor, type Operator, type SystemActor } from '@/lib/audit/actor';

/** Who may erase an account: staff or a client on someone within reach, or the system when the grace period ends. */
export type Eraser = Operator | SystemActor;

export type ErasureEvidence = { tombstoneId: string; rows: Record<string, number> };

/** Erasure refused because the person is under legal hold (lib/retention/legal-hold.ts); not a bug. */
/** Why an account cannot be erased now; callers turn it into an answer, not a crash. */
export class ErasureRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ErasureRefused';
  }
}

export class LegalHoldError extends ErasureRefused {
  constructor() {
    super('This account is under legal hold, so it cannot be erased until the hold is released.');
    this.name = 'LegalHoldError';
  }
}

/**
 * Erases a user's personal data from every table, in one transaction. What stays
 * is a tombstone user row under a new random id (status "erased") and the audit
 * trail re-pointed to that id with network details removed: the events remain as
 * evidence, but nothing in them leads back to the person (GDPR Art. 17).
 */
export async function eraseUser(tx: Tx, userId: string, by: Eraser): Promise<ErasureEvidence | null> {
  const user = await tx.user.findUnique({ where: { id: userId } });
  if (!user || user.status === 'erased') return null;
  if (user.legalHold) throw new LegalHoldError();
  // Staff erase only people within their own permissions, and a client only customers (lib/rbac/hierarchy.ts).
  const reach = await mayActOn(tx, by, userId);
  if (!reach.ok) throw new ErasureRefused(reach.error);
  if (await isLastActiveAdministrator(tx, userId)) {
    throw new ErasureRefused('This is the last active administrator. Give the Administrator role to someone else before erasing this account.');
  }
  const tombstoneId = `erased_${randomBytes(12).toString('hex')}`;
  const email = user.email;
  const rows: Record<string, number> = {};
  const count = async (table: string, op: Promise<{ count: number }>) => {
    rows[table] = (rows[table] ?? 0) + (await op).count;
  };

  // Addresses the person had before: email changes leave them on the person's link tokens
  // (the old address as payload of the confirmation, as identifier of the "this was not me" link).
  const tokens = await tx.verificationToken.findMany({ where: { userId }, select: { identifier: true, payload: true } });
  const addresses = [...new Set([email, ...tokens.flatMap((t) => [t.identifier, t.payload])].filter((a): a is string => !!a && a.includes('@')))];
  await count('VerificationToken', tx.verificationToken.deleteMany({ where: { OR: [{ userId }, { identifier: { in: addresses } }] } }));
  await count('DevOutboxMessage', tx.devOutboxMessage.deleteMany({ where: { to: { in: addresses } } }));
  // Emails and other work queued about the person, sent or not: their payloads hold addresses, links and codes.
  await count('Job', tx.job.deleteMany({ where: { userId } }));
  await count('WebAuthnChallenge', tx.webAuthnChallenge.deleteMany({ where: { userId } }));
  await count('ConsentRecord', tx.consentRecord.deleteMany({ where: { userId } }));
  // Audit events stay as evidence. Those naming the person are re-pointed to the tombstone with
  // network details and free text removed; others whose free text names them (a staff member's
  // note on their request, an export filtered by their address) lose that text. The user.erased
  // event lists every sealed row changed here, and the verifier accepts exactly those; rows still
  // waiting for the sealer get a new digest instead (lib/audit/chain.ts). The sealer is held off
  // from here to the commit, so no row is sealed between being read here and being changed.
  await holdSealer(tx);
  const requestIds = (await tx.dataSubjectRequest.findMany({ where: { OR: [{ userId }, { subjectEmail: { in: addresses } }] }, select: { id: true } })).map((r) => r.id);
  const mentions = [userId, ...addresses, ...(user.name && user.name.length >= 3 ? [user.name] : [])];
  const naming = await tx.auditEvent.findMany({ where: { OR: [{ actorId: userId }, { targetId: userId }] }, select: { id: true } });
  const mentioning = await tx.auditEvent.findMany({
    where: {
      personalText: { not: null },
      OR: [...(requestIds.length ? [{ targetId: { in: requestIds } }] : []), ...mentions.map((m) => ({ personalText: { contains: m } }))],
    },
    select: { id: true },
  });
  const namingIds = naming.map((e) => e.id);
  await count(
    'AuditEvent',
    tx.auditEvent.updateMany({ where: { id: { in: namingIds }, actorId: userId }, data: { actorId: tombstoneId, ipAddress: null, userAgent: null, personalText: null } }),
  );
  await count(
    'AuditEvent',
    tx.auditEvent.updateMany({ where: { id: { in: namingIds }, targetId: userId }, data: { targetId: tombstoneId, ipAddress: null, userAgent: null, personalText: null } }),
  );
  await count('AuditEvent', tx.auditEvent.updateMany({ where: { id: { in: mentioning.map((e) => e.id) }, personalText: { not: null } }, data: { personalText: null } }));
  // Rows are changed by id, so the list is exactly what was changed.
  const redacted = await redactedSequences(tx, [...new Set([...namingIds, ...mentioning.map((e) => e.id)])]);
  // A rejection's evidence is the reason staff wrote, which can name the person as well.
  await tx.dataSubjectRequest.updateMany({ where: { id: { in: requestIds }, status: 'rejected' }, data: { evidence: null } });
  // The requests stay as evidence of what was asked and done; staff notes go, since people
  // write whatever the caller said into them (numbers, addresses, names).
  await count(
    'DataSubjectRequest',
    tx.dataSubjectRequest.updateMany({ where: { id: { in: requestIds } }, data: { subjectEmail: `${tombstoneId}@erased.invalid`, notes: null } }),
  );
  // The OpenID Provider's grants and sessions for the person, and every token issued under those grants.
  const grantIds = await grantIdsOf(tx, [userId]);
  await count('OidcPayload', tx.oidcPayload.deleteMany({ where: { OR: [{ accountId: userId }, { grantId: { in: grantIds } }] } }));
  await count('WebhookEndpoint', tx.webhookEndpoint.updateMany({ where: { createdById: userId }, data: { createdById: tombstoneId } }));
  // Sessions, credentials, passkeys, factors, codes, attributes, roles and linked accounts go with the row (onDelete: Cascade).
  for (const [table, op] of [
    ['Session', tx.session.count({ where: { userId } })],
    ['Account', tx.account.count({ where: { userId } })],
    ['Passkey', tx.passkey.count({ where: { userId } })],
    ['MfaFactor', tx.mfaFactor.count({ where: { userId } })],
    ['RecoveryCode', tx.recoveryCode.count({ where: { userId } })],
    ['UserAttribute', tx.userAttribute.count({ where: { userId } })],
  ] as const) {
    rows[table] = await op;
  }
  await tx.dataSubjectRequest.updateMany({ where: { userId }, data: { userId: null } });
  await tx.user.delete({ where: { id: userId } });
  rows.User = 1;
  // Receivers get the id they knew (the tombstone's is new), so they can erase their copies (GDPR Art. 19).
  await emitWebhookEvent(tx, 'user.deleted', { userId });
  await tx.user.create({
    data: { id: tombstoneId, email: `${tombstoneId}@erased.invalid`, status: 'erased', erasedAt: new Date(), createdAt: user.createdAt },
  });
  await tx.dataSubjectRequest.updateMany({
    where: { subjectEmail: `${tombstoneId}@erased.invalid`, type: 'erasure', status: { in: ['open', 'in_progress'] } },
    data: { status: 'completed', completedAt: new Date(), evidence: JSON.stringify({ tombstoneId, rows }) },
  });
  await recordAudit(tx, { action: 'user.erased', ...auditedAs(by), target: { type: 'user', id: tombstoneId }, metadata: { tables: Object.keys(rows).length, redacted: encodeSequences(redacted) } });
  return { tombstoneId, rows };
}

/**
 * Erases one account now, in its own transaction, for callers that answer a person (a page,
 * an action): a legal hold comes back as a message to show, not as an exception.
 */
export async function eraseUserNow(
  userId: string,
  by: Eraser,
): Promise<{ ok: true; evidence: ErasureEvidence | null } | { ok: false; formError: string }> {
  try {
    return { ok: true, evidence: await db.$transaction((tx) => eraseUser(tx, userId, by)) };
  } catch (error) {
    if (error instanceof ErasureRefused) return { ok: false, formError: error.message };
    throw error;
  }
}

/** Erases every account whose grace period is over (skipping legal holds). Safe to run on several instances at once. */
export async function runDueErasures(now = new Date()) {
  const due = await db.user.findMany({
    where: { status: 'pending_deletion', deletionScheduledAt: { lte: now }, legalHold: false },
    select: { id: true },
    take: 500,
  });
  let erased = 0;
  for (const { id } of due) {
    // A hold placed after the list was read is skipped like the others.
    const result = await eraseUserNow(id, systemActor());
    if (result.ok && result.evidence) erased += 1;
  }
  return { erased };
}
