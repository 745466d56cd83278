import 'server-only';
import type { DbOrTx } from '@/lib/db/client';
import { parseAuditMetadata } from '@/lib/audit/describe';
import { consentHistory, consentState } from '@/lib/consent/state';

/** Bump EXPORT_VERSION on any change a reader of the file must know about (docs/export-format.md). */
export const EXPORT_FORMAT = 'gatehouse.export';
export const EXPORT_VERSION = 1;

const iso = (date: Date | null | undefined) => date?.toISOString() ?? null;

/**
 * Everything Gatehouse holds about one person, as plain JSON (GDPR art. 15 and 20).
 * Built from an allow-list of columns: secrets and their hashes (password, session
 * tokens, TOTP secrets, recovery codes, upstream OAuth tokens, passkey public keys)
 * are never selected, so they cannot leak into the file. Events are those about the
 * person (target), so nothing about anyone else is included.
 */
export async function buildUserExport(tx: DbOrTx, userId: string, now = new Date()) {
  const user = await tx.user.findUniqueOrThrow({
    where: { id: userId },
    select: {
      id: true, email: true, emailVerified: true, name: true, image: true, status: true, deletionScheduledAt: true,
      signInCount: true, lastSignInAt: true, failedSignInCount: true, lockedUntil: true, createdAt: true, updatedAt: true,
      password: { select: { createdAt: true, updatedAt: true } },
      attributes: { orderBy: { key: 'asc' }, select: { key: true, value: true, verifiedAt: true, verificationMethod: true, updatedAt: true } },
      profileSkips: { orderBy: { key: 'asc' }, select: { key: true, skippedAt: true } },
      roles: { select: { assignedAt: true, role: { select: { key: true, name: true } } } },
      accounts: { orderBy: { createdAt: 'asc' }, select: { provider: true, providerAccountId: true, type: true, createdAt: true } },
      passkeys: {
        orderBy: { createdAt: 'asc' },
        select: { id: true, name: true, credentialId: true, deviceType: true, backedUp: true, transports: true, aaguid: true, createdAt: true, lastUsedAt: true },
      },
      mfaFactors: { orderBy: { createdAt: 'asc' }, select: { id: true, type: true, label: true, confirmedAt: true, createdAt: true } },
      recoveryCodes: { select: { createdAt: true, usedAt: true } },
      sessions: {
        orderBy: { createdAt: 'desc' },
        select: {
          id: true, createdAt: true, lastSeenAt: true, authenticatedAt: true, expires: true, absoluteExpiresAt: true,
          authMethods: true, ipAddress: true, userAgent: true, revokedAt: true, revokedReason: true,
        },
      },
      subjectRequests: {
        orderBy: { createdAt: 'desc' },
        select: { id: true, type: true, status: true, source: true, createdAt: true, dueAt: true, completedAt: true },
      },
    },
  });
  // One after another: inside a transaction they share one connection.
  const state = await consentState(userId, tx);
  const history = await consentHistory(userId, {}, tx);
  const events = await tx.auditEvent.findMany({
    where: { targetType: 'user', targetId: userId },
    orderBy: [{ occurredAt: 'desc' }, { id: 'desc' }],
    // The actor's id is only compared, never written out: for staff actions it names another person.
    select: { id: true, occurredAt: true, action: true, result: true, reason: true, actorType: true, actorId: true, ipAddress: true, userAgent: true, metadata: true },
  });

  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    generatedAt: now.toISOString(),
    subject: { id: user.id, email: user.email },
    profile: {
      email: user.email,
      emailVerified: user.emailVerified !== null,
      emailVerifiedAt: iso(user.emailVerified),
      name: user.name,
      image: user.image,
      status: user.status,
      deletionScheduledAt: iso(user.deletionScheduledAt),
      createdAt: iso(user.createdAt),
      updatedAt: iso(user.updatedAt),
      attributes: user.attributes.map((a) => ({
        key: a.key,
        value: a.value,
        verified: a.verifiedAt !== null,
        verifiedAt: iso(a.verifiedAt),
        verificationMethod: a.verificationMethod,
        updatedAt: iso(a.updatedAt),
      })),
      skippedQuestions: user.profileSkips.map((s) => ({ key: s.key, skippedAt: iso(s.skippedAt) })),
      roles: user.roles.map((r) => ({ key: r.role.key, name: r.role.name, assignedAt: iso(r.assignedAt) })),
    },
    signIn: {
      hasPassword: user.password !== null,
      passwordSetAt: iso(user.password?.updatedAt),
      signInCount: user.signInCount,
      lastSignInAt: iso(user.lastSignInAt),
      failedSignInCount: user.failedSignInCount,
      lockedUntil: iso(user.lockedUntil),
      linkedAccounts: user.accounts.map((a) => ({ provider: a.provider, providerAccountId: a.providerAccountId, type: a.type, linkedAt: iso(a.createdAt) })),
      passkeys: user.passkeys.map((p) => ({ ...p, createdAt: iso(p.createdAt), lastUsedAt: iso(p.lastUsedAt) })),
      mfaFactors: user.mfaFactors.map((f) => ({ ...f, confirmedAt: iso(f.confirmedAt), createdAt: iso(f.createdAt) })),
      recoveryCodes: { total: user.recoveryCodes.length, unused: user.recoveryCodes.filter((c) => c.usedAt === null).length },
    },
    sessions: user.sessions.map((s) => ({
      id: s.id,
      createdAt: iso(s.createdAt),
      lastSeenAt: iso(s.lastSeenAt),
      authenticatedAt: iso(s.authenticatedAt),
      idleExpiresAt: iso(s.expires),
      absoluteExpiresAt: iso(s.absoluteExpiresAt),
      methods: s.authMethods.split(',').filter(Boolean),
      ipAddress: s.ipAddress,
      userAgent: s.userAgent,
      revokedAt: iso(s.revokedAt),
      revokedReason: s.revokedReason,
    })),
    consent: {
      current: [...state.documents, ...state.purposes].map((p) => ({
        key: p.key,
        name: p.name,
        kind: p.kind,
        required: p.required,
        granted: p.granted,
        decidedVersion: p.decidedVersion,
        decidedAt: iso(p.decidedAt),
        currentVersion: p.current.version,
      })),
      history: history.map((h) => ({
        at: iso(h.createdAt),
        purpose: h.purpose.key,
        purposeName: h.purpose.name,
        kind: h.purpose.kind,
        version: h.version,
        versionTitle: h.versionTitle,
        granted: h.granted,
        source: h.source,
        ipAddress: h.ipAddress,
        userAgent: h.userAgent,
      })),
    },
    dataSubjectRequests: user.subjectRequests.map((r) => ({ ...r, createdAt: iso(r.createdAt), dueAt: iso(r.dueAt), completedAt: iso(r.completedAt) })),
    auditEvents: events.map((e) => ({
      id: e.id,
      at: iso(e.occurredAt),
      action: e.action,
      result: e.result,
      reason: e.reason,
      actor: e.actorId === userId ? 'you' : e.actorType,
      ipAddress: e.ipAddress,
      userAgent: e.userAgent,
      details: parseAuditMetadata(e.metadata),
    })),
  };
}

export type UserExport = Awaited<ReturnType<typeof buildUserExport>>;

/** What an export contained, kept as the evidence of the access request. */
export function exportSummary(document: UserExport) {
  return {
    format: `${document.format}/${document.version}`,
    generatedAt: document.generatedAt,
    counts: {
      attributes: document.profile.attributes.length,
      linkedAccounts: document.signIn.linkedAccounts.length,
      passkeys: document.signIn.passkeys.length,
      mfaFactors: document.signIn.mfaFactors.length,
      sessions: document.sessions.length,
      consentRecords: document.consent.history.length,
      dataSubjectRequests: document.dataSubjectRequests.length,
      auditEvents: document.auditEvents.length,
    },
  };
}
