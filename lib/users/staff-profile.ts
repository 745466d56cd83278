import 'server-only';
import { db } from '@/lib/db/client';
import { recordAudit } from '@/lib/audit/record';
import { describeAuditEvent, parseAuditMetadata } from '@/lib/audit/describe';
import { describeUserAgent } from '@/lib/http/user-agent';
import { signInMethodsOf } from '@/lib/auth/sign-in-methods';
import { consentState } from '@/lib/consent/state';
import { auditedAs, type StaffActor } from '@/lib/audit/actor';

/**
 * A customer's account as support sees it: verified profile, ways in, live devices,
 * consent, recent security events and data-subject requests. Never a secret: no hashes,
 * tokens or TOTP secrets are selected. The view itself is audited in the same
 * transaction, so the customer sees in their activity that staff opened their account.
 */
export async function viewCustomerAsStaff(customerId: string, staff: StaffActor) {
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({
      where: { id: customerId },
      select: {
        id: true, email: true, emailVerified: true, name: true, status: true, statusReason: true,
        createdAt: true, lastSignInAt: true, signInCount: true, lockedUntil: true, deletionScheduledAt: true,
        attributes: { orderBy: { key: 'asc' }, select: { key: true, value: true, verifiedAt: true, verificationMethod: true } },
        accounts: { orderBy: { createdAt: 'asc' }, select: { provider: true, createdAt: true } },
        roles: { select: { role: { select: { key: true, name: true } } } },
      },
    });
    if (!user) return null;
    const now = new Date();
    const [methods, fields, sessions, consent, events, purposes, requests] = await Promise.all([
      signInMethodsOf(tx, user.id),
      tx.profileField.findMany({ select: { key: true, label: true } }),
      tx.session.findMany({
        where: { userId: user.id, revokedAt: null, expires: { gt: now }, absoluteExpiresAt: { gt: now } },
        orderBy: { lastSeenAt: 'desc' },
        select: { id: true, createdAt: true, lastSeenAt: true, ipAddress: true, userAgent: true, authMethods: true },
      }),
      consentState(user.id, tx),
      tx.auditEvent.findMany({
        where: { targetType: 'user', targetId: user.id },
        orderBy: [{ occurredAt: 'desc' }, { id: 'desc' }],
        take: 20,
        select: { id: true, occurredAt: true, action: true, result: true, reason: true, actorType: true, metadata: true, ipAddress: true },
      }),
      tx.consentPurpose.findMany({ select: { key: true, name: true } }),
      tx.dataSubjectRequest.findMany({
        where: { userId: user.id },
        orderBy: { createdAt: 'desc' },
        select: { id: true, type: true, status: true, source: true, dueAt: true, createdAt: true, completedAt: true },
      }),
    ]);
    await recordAudit(tx, {
      action: 'staff.profile_viewed',
      target: { type: 'user', id: user.id },
      ...auditedAs(staff),
    });
    const labels = Object.fromEntries(fields.map((f) => [f.key, f.label]));
    const purposeNames = Object.fromEntries(purposes.map((p) => [p.key, p.name]));
    const { attributes, accounts, roles, ...account } = user;
    return {
      account,
      roles: roles.map((r) => r.role),
      attributes: attributes.map((a) => ({ ...a, label: labels[a.key] ?? a.key })),
      signIn: { password: methods.password, passkeys: methods.passkeys, mfa: methods.mfa, providers: accounts },
      sessions: sessions.map((s) => ({
        id: s.id,
        device: describeUserAgent(s.userAgent),
        ipAddress: s.ipAddress,
        firstSeen: s.createdAt,
        lastSeen: s.lastSeenAt,
        methods: s.authMethods.split(','),
      })),
      consent: [...consent.purposes, ...consent.documents].map((c) => ({
        key: c.key, name: c.name, kind: c.kind, granted: c.granted, decidedVersion: c.decidedVersion, decidedAt: c.decidedAt, outdated: c.outdated,
      })),
      events: events.map((e) => ({
        id: e.id,
        occurredAt: e.occurredAt,
        description: describeAuditEvent({ ...e, metadata: parseAuditMetadata(e.metadata), purposeNames }),
        failed: e.result === 'failure',
        byStaff: e.actorType === 'staff',
        ipAddress: e.ipAddress,
      })),
      requests,
    };
  });
}

export type StaffCustomerView = NonNullable<Awaited<ReturnType<typeof viewCustomerAsStaff>>>;
