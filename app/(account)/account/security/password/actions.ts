'use server';

import { requireAgreedSession } from '@/lib/auth/current-session';
import { removePassword, setPassword } from '@/lib/auth/password-management';
import { isRecentlyAuthenticated, stepUpRequired } from '@/lib/auth/step-up';
import { config } from '@/lib/config';
import { requestContext } from '@/lib/http/request-context';
import { setPasswordSchema } from '@/lib/validation/account';
import { fieldErrorsOf } from '@/lib/validation/field-errors';

const PAGE = '/account/security/password';

export async function setPasswordAction(values: unknown) {
  const session = await requireAgreedSession(PAGE);
  const parsed = setPasswordSchema(config().password.minLength).safeParse(values);
  if (!parsed.success) {
    const fieldErrors = fieldErrorsOf(parsed.error);
    return { ok: false as const, fieldErrors };
  }
  if (!isRecentlyAuthenticated(session)) return stepUpRequired(PAGE);
  const result = await setPassword(session, parsed.data.password, await requestContext());
  return result.ok ? { ok: true as const, message: 'Your password is saved. Other devices have been signed out.' } : result;
}

export async function removePasswordAction() {
  const session = await requireAgreedSession(PAGE);
  if (!isRecentlyAuthenticated(session)) return stepUpRequired(PAGE);
  const result = await removePassword(session, await requestContext());
  return result.ok ? { ok: true as const, message: 'Your password is removed. Sign in with an emailed link or code, or a passkey.' } : result;
}
