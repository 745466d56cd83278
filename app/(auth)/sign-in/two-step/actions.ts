'use server';

import { redirect } from 'next/navigation';
import { finishSignIn } from '@/lib/auth/after-sign-in';
import { clearChallengeCookie, readChallengeCookie } from '@/lib/auth/mfa/challenge-cookie';
import { signInWithSecondFactor } from '@/lib/auth/mfa/second-factor';
import { requestContext } from '@/lib/http/request-context';
import { secondFactorSchema } from '@/lib/validation/mfa';
import type { FormResult } from '../../actions';

export async function secondFactorAction(values: unknown): Promise<FormResult> {
  const parsed = secondFactorSchema.safeParse(values);
  if (!parsed.success) return { ok: false, fieldErrors: { code: parsed.error.issues[0]!.message } };
  const { method, code, next } = parsed.data;
  const result = await signInWithSecondFactor((await readChallengeCookie()) ?? '', { method, code }, await requestContext());
  if (!result.ok) {
    if (result.error === 'wrong_code' || result.error === 'rate_limited') return { ok: false, fieldErrors: { code: result.message } };
    if (result.error === 'expired' || result.error === 'locked') await clearChallengeCookie();
    return { ok: false, formError: result.message };
  }
  redirect(await finishSignIn(result.outcome, next));
}
