import 'server-only';
import { redirect } from 'next/navigation';
import { config } from '@/lib/config';
import type { DbOrTx } from '@/lib/db/client';
import { recordUserEvent } from '@/lib/audit/record';
import type { RequestContext } from '@/lib/http/request-context';
import type { CurrentSession } from './current-session';
import type { AuthMethod } from './sessions';

/** Why a person is asked to confirm who they are: a sensitive change here, or an app that asked. */
export type StepUpReason = 'sensitive' | 'app';

/** Where a person confirms who they are, then comes back to `returnTo`. */
export function stepUpUrl(returnTo: string, reason: StepUpReason = 'sensitive') {
  return `/account/confirm-identity?next=${encodeURIComponent(returnTo)}${reason === 'app' ? '&reason=app' : ''}`;
}

export function isRecentlyAuthenticated(session: Pick<CurrentSession, 'authenticatedAt'>, now = Date.now()) {
  return now - new Date(session.authenticatedAt).getTime() <= config().stepUpMaxAgeSeconds * 1000;
}

/** For pages of sensitive actions: without a recent authentication, confirm identity first. */
export function requireRecentAuthentication(session: CurrentSession, returnTo: string) {
  if (!isRecentlyAuthenticated(session)) redirect(stepUpUrl(returnTo));
}

/** The answer a sensitive server action gives when the session is too old; forms follow `stepUp`. */
export type StepUpRequired = { ok: false; stepUp: string; formError: string };

export function stepUpRequired(returnTo: string): StepUpRequired {
  return { ok: false, stepUp: stepUpUrl(returnTo), formError: 'For your security, confirm it is you to continue.' };
}

/** Marks this session as freshly authenticated (ASVS 4.0 §3.7.1 re-authentication before sensitive changes). */
export async function recordReauthentication(
  tx: DbOrTx,
  input: { sessionId: string; userId: string; method: AuthMethod; context: RequestContext },
) {
  const session = await tx.session.findUniqueOrThrow({ where: { id: input.sessionId }, select: { authMethods: true } });
  const methods = new Set(session.authMethods.split(',').filter(Boolean));
  methods.add(input.method);
  await tx.session.update({ where: { id: input.sessionId }, data: { authenticatedAt: new Date(), authMethods: [...methods].join(',') } });
  await recordUserEvent(tx, 'user.step_up', {
    userId: input.userId,
    sessionId: input.sessionId,
    metadata: { method: input.method },
    context: input.context,
  });
}

