import 'server-only';
import { db } from '@/lib/db/client';
import { recordUserEvent } from '@/lib/audit/record';
import type { RequestContext } from '@/lib/http/request-context';
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

/** Ends one of the user's own sessions; another user's session id does nothing. */
export async function revokeOwnSession(input: { userId: string; sessionId: string; currentSessionId: string; context: RequestContext }) {
  return db.$transaction(async (tx) => {
    const owned = await tx.session.findFirst({ where: { id: input.sessionId, userId: input.userId }, select: { id: true } });
    if (!owned) return { ok: false as const, formError: 'That session was not found.' };
    const result = await revokeSession(tx, input.sessionId, 'revoked_by_user');
    if (result.count > 0) {
      await recordUserEvent(tx, 'session.revoked', {
        userId: input.userId,
        sessionId: input.currentSessionId,
        metadata: { revokedSessionId: input.sessionId },
        context: input.context,
      });
    }
    return { ok: true as const };
  });
}

export async function revokeOtherSessions(input: { userId: string; currentSessionId: string; context: RequestContext }) {
  return db.$transaction(async (tx) => {
    const result = await revokeUserSessions(tx, input.userId, 'revoked_by_user', input.currentSessionId);
    await recordUserEvent(tx, 'session.revoked', {
      userId: input.userId,
      sessionId: input.currentSessionId,
      metadata: { scope: 'all_others', count: result.count },
      context: input.context,
    });
    return { ok: true as const, count: result.count };
  });
}
