import 'server-only';
import type { DbOrTx } from '@/lib/db/client';
import { recordUserEvent } from '@/lib/audit/record';
import { countSignIn } from '@/lib/operations/metrics';
import type { RequestContext } from '@/lib/http/request-context';
import { createSession, type AuthMethod } from './sessions';

/**
 * The last step of every sign-in method: a new session, the sign-in counted (it
 * drives progressive profiling), any lockout cleared, and the event audited, all
 * in the caller's transaction; and counted for GET /metrics.
 */
export async function completeSignIn(
  tx: DbOrTx,
  input: { userId: string; methods: AuthMethod[]; context: RequestContext; verifiedEmail?: boolean; provider?: string },
) {
  const { token, session } = await createSession(tx, input);
  const user = await tx.user.update({
    where: { id: input.userId },
    data: {
      signInCount: { increment: 1 },
      lastSignInAt: new Date(),
      failedSignInCount: 0,
      lockedUntil: null,
      ...(input.verifiedEmail ? { emailVerified: new Date() } : {}),
    },
  });
  await recordUserEvent(tx, 'user.sign_in', {
    userId: input.userId,
    sessionId: session.id,
    metadata: { methods: input.methods.join(','), ...(input.provider ? { federated: true, provider: input.provider } : {}) },
    context: input.context,
  });
  countSignIn(input.methods, 'success');
  return { token, session, user };
}

export type SignedIn = Awaited<ReturnType<typeof completeSignIn>>;
