'use server';

import { requireAgreedSession } from '@/lib/auth/current-session';
import { isRecentlyAuthenticated, stepUpRequired } from '@/lib/auth/step-up';
import { requestContext } from '@/lib/http/request-context';
import { unlinkAccount } from '@/lib/users/linked-accounts';
import { userActor } from '@/lib/audit/actor';

const PAGE = '/account/security/linked-accounts';

export async function unlinkAccountAction(accountId: unknown) {
  const session = await requireAgreedSession(PAGE);
  if (!isRecentlyAuthenticated(session)) return stepUpRequired(PAGE);
  if (typeof accountId !== 'string' || accountId.length > 64) return { ok: false as const, formError: 'That linked account was not found.' };
  const result = await unlinkAccount(accountId, userActor(session, await requestContext()));
  return result.ok ? { ok: true as const, message: 'The account is unlinked.' } : result;
}
