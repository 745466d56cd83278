import 'server-only';
import { db } from '@/lib/db/client';
import { recordAudit } from '@/lib/audit/record';
import { revokeSession } from '@/lib/auth/sessions';
import { apiCallerAudit, type ApiCaller } from './caller';
import { staffOutOfReach } from './users';

/** Ends one session of a user; the browser is signed out on its next request. */
export async function revokeUserSessionByApi(userId: string, sessionId: string, caller: ApiCaller) {
  return db.$transaction(async (tx) => {
    const owned = await tx.session.findFirst({ where: { id: sessionId, userId, revokedAt: null }, select: { id: true } });
    if (!owned) return { ok: false as const, code: 'not_found' as const, error: 'This user has no live session with this id.' };
    const outOfReach = await staffOutOfReach(caller, userId, tx);
    if (outOfReach) return { ok: false as const, code: 'conflict' as const, error: outOfReach };
    await revokeSession(tx, sessionId, 'revoked_by_api');
    await recordAudit(tx, {
      action: 'session.revoked',
      target: { type: 'user', id: userId },
      metadata: { revokedSessionId: sessionId, client: caller.clientName },
      ...apiCallerAudit(caller),
    });
    return { ok: true as const };
  });
}
