import 'server-only';
import { db } from '@/lib/db/client';
import { recordAudit, recordUserEvent } from '@/lib/audit/record';
import { auditedAs, type ClientActor, type UserActor } from '@/lib/audit/actor';
import { mayActOn } from '@/lib/rbac/hierarchy';
import { describeUserAgent } from '@/lib/http/user-agent';
import { revokeSession, revokeUserSessions } from './sessions';

/** The user's live sessions, newest activity first, marking the one making this request. */
export async function activeSessions(userId: string, currentSessionId: string) {
  const now = new Date();
  const sessions = await db.session.findMany({
    where: { userId, revokedAt: null, expires: { gt: now }, absoluteExpiresAt: { gt: now } },
    orderBy: { lastSeenAt: 'desc' },
    select: { id: true, createdAt: true, lastSeenAt: true, ipAddress: true, userAgent: true, authMethods: true },
  });
  return sessions.map((s) => ({
    id: s.id,
    device: describeUserAgent(s.userAgent),
    ipAddress: s.ipAddress,
    firstSeen: s.createdAt,
    lastSeen: s.lastSeenAt,
    methods: s.authMethods.split(','),
    current: s.id === currentSessionId,
  }));
}

/**
 * Ends one live session of a person: their own, from the devices page, or a customer's, for a
 * machine client through the management API (never a staff member's: lib/rbac/hierarchy.ts).
 * A session id that is not theirs, or no longer live, changes nothing.
 */
export async function revokeSessionOf(userId: string, sessionId: string, by: UserActor | ClientActor) {
  return db.$transaction(async (tx) => {
    const owned = await tx.session.findFirst({ where: { id: sessionId, userId, revokedAt: null }, select: { id: true } });
    if (!owned) return { ok: false as const, code: 'not_found' as const, error: 'That session was not found.' };
    const reach = await mayActOn(tx, by, userId);
    if (!reach.ok) return { ok: false as const, code: reach.code, error: reach.error };
    await revokeSession(tx, sessionId, by.type === 'client' ? 'revoked_by_api' : 'revoked_by_user');
    await recordAudit(tx, {
      action: 'session.revoked',
      target: { type: 'user', id: userId },
      metadata: by.type === 'client' ? { revokedSessionId: sessionId, client: by.name } : { revokedSessionId: sessionId },
      ...auditedAs(by),
    });
    return { ok: true as const };
  });
}

/** Signs the person out everywhere but the session they are using. */
export async function revokeOtherSessions(by: UserActor) {
  return db.$transaction(async (tx) => {
    const result = await revokeUserSessions(tx, by.id, 'revoked_by_user', by.sessionId);
    await recordUserEvent(tx, 'session.revoked', {
      userId: by.id,
      sessionId: by.sessionId,
      metadata: { scope: 'all_others', count: result.count },
      context: by.context,
    });
    return { ok: true as const, count: result.count };
  });
}
