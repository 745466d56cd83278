'use server';

import { redirect } from 'next/navigation';
import { requireSession } from '@/lib/auth/current-session';
import { clearSessionCookie } from '@/lib/auth/session-cookie';
import { isRecentlyAuthenticated, stepUpRequired } from '@/lib/auth/step-up';
import { requestContext } from '@/lib/http/request-context';
import { userActor } from '@/lib/audit/actor';
import { formatDate, scheduleAccountDeletion } from '@/lib/users/deletion';
import { deleteAccountSchema } from '@/lib/validation/account';

export async function deleteAccountAction(values: unknown) {
  const session = await requireSession('/account/delete');
  const parsed = deleteAccountSchema.safeParse(values);
  if (!parsed.success) return { ok: false as const, fieldErrors: { confirmation: parsed.error.issues[0]!.message } };
  if (!isRecentlyAuthenticated(session)) return stepUpRequired('/account/delete');
  const scheduled = await scheduleAccountDeletion(session.user, userActor(session, await requestContext()));
  if (!scheduled.ok) return { ok: false as const, formError: scheduled.formError };
  await clearSessionCookie();
  redirect(`/account-deleted?on=${encodeURIComponent(formatDate(scheduled.erasesAt))}`);
}
