'use server';

import { redirect } from 'next/navigation';
import { finishSignIn } from '@/lib/auth/after-sign-in';
import { getCurrentSession } from '@/lib/auth/current-session';
import { requestContext } from '@/lib/http/request-context';
import { confirmEmailChange, reportEmailChange } from '@/lib/users/email-change';
import { restoreAccount } from '@/lib/users/deletion';

// Actions behind links in account emails; each link is single-use and lands on a page with one button.

export async function confirmEmailChangeAction(token: string) {
  const result = await confirmEmailChange(String(token), await requestContext());
  if (!result.ok) return { ok: false as const, formError: result.message };
  redirect((await getCurrentSession()) ? '/account/profile?email-changed=1' : '/sign-in?email-changed=1');
}

export async function reportEmailChangeAction(token: string) {
  const result = await reportEmailChange(String(token), await requestContext());
  if (!result.ok) return { ok: false as const, formError: result.message };
  redirect(result.restoredEmail ? '/report-email-change?done=restored' : '/report-email-change?done=1');
}

export async function restoreAccountAction(token: string) {
  const result = await restoreAccount(String(token), await requestContext());
  if (!result.ok) return { ok: false as const, formError: result.message };
  redirect(await finishSignIn(result.outcome, '/account?restored=1'));
}
