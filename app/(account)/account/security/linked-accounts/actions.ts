'use server';

import { requireAgreedSession } from '@/lib/auth/current-session';
import { isRecentlyAuthenticated, stepUpRequired } from '@/lib/auth/step-up';
import { requestContext } from '@/lib/http/request-context';
import { unlinkAccount } from '@/lib/users/linked-accounts';

const PAGE = '/account/security/linked-accounts';

export async function unlinkAccountAction(accountId: string) {
  const session = await requireAgreedSession(PAGE);
  if (!isRecentlyAuthenticated(session)) return stepUpRequired(PAGE);
  const result = await unlinkAccount({ userId: session.user.id, accountId: String(accountId), sessionId: session.sessionId, context: await requestContext() });
  return result.ok ? { ok: true as const, message: 'The account is unlinked.' } : result;
}
