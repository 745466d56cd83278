import 'server-only';
import { db } from '@/lib/db/client';
import { recordUserEvent } from '@/lib/audit/record';
import type { RequestContext } from '@/lib/http/request-context';
import { revokeSession } from './sessions';

/** Ends this device's session server-side, so the cookie is worthless even if kept. */
export async function signOut(input: { sessionId: string; userId: string; context: RequestContext }) {
  await db.$transaction(async (tx) => {
    await revokeSession(tx, input.sessionId, 'sign_out');
    await recordUserEvent(tx, 'user.sign_out', {
      userId: input.userId,
      sessionId: input.sessionId,
      context: input.context,
    });
  });
}
