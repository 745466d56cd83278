'use server';

import { redirect } from 'next/navigation';
import { requestContext } from '@/lib/http/request-context';
import { signUp } from '@/lib/auth/sign-up';
import { signInWithPassword } from '@/lib/auth/password-sign-in';
import { requestEmailCode, requestMagicLink, signInWithEmailCode, signInWithMagicLink } from '@/lib/auth/email-sign-in';
import { verifyEmail } from '@/lib/auth/email-verification';
import { requestPasswordReset, resetPassword } from '@/lib/auth/password-reset';
import { finishSignIn } from '@/lib/auth/after-sign-in';
import { getCurrentSession } from '@/lib/auth/current-session';
import { readSignUpBindingCookie, setSignUpBindingCookie } from '@/lib/auth/sign-up-binding-cookie';
import { emailCodeSchema, emailOnlySchema, newPasswordSchema } from '@/lib/validation/auth';
import { config } from '@/lib/config';
import { fieldErrorsOf } from '@/lib/validation/field-errors';

export type FormResult = { ok: true; message?: string } | { ok: false; fieldErrors?: Record<string, string>; formError?: string };

export async function signUpAction(values: unknown): Promise<FormResult> {
  const result = await signUp(values, await requestContext());
  if (!result.ok) return result;
  await setSignUpBindingCookie(result.browserBinding);
  redirect('/sign-up/check-email');
}

export async function passwordSignInAction(values: unknown): Promise<FormResult> {
  const result = await signInWithPassword(values, await requestContext());
  if (!result.ok) return { ok: false, fieldErrors: result.fieldErrors, formError: result.message };
  redirect(await finishSignIn(result.outcome, (values as { next?: string }).next));
}

export async function requestMagicLinkAction(values: unknown): Promise<FormResult> {
  const parsed = emailOnlySchema.safeParse(values);
  if (!parsed.success) return { ok: false, fieldErrors: fieldErrorsOf(parsed.error) };
  const result = await requestMagicLink(parsed.data.email, parsed.data.next, await requestContext());
  if (!result.ok) return { ok: false, formError: result.message };
  return { ok: true, message: 'If an account exists for that address, a sign-in link is on its way. It expires in 15 minutes.' };
}

export async function requestEmailCodeAction(values: unknown): Promise<FormResult> {
  const parsed = emailOnlySchema.safeParse(values);
  if (!parsed.success) return { ok: false, fieldErrors: fieldErrorsOf(parsed.error) };
  const result = await requestEmailCode(parsed.data.email, await requestContext());
  if (!result.ok) return { ok: false, formError: result.message };
  return { ok: true, message: 'If an account exists for that address, we have emailed it a 6-digit code. It expires in 10 minutes.' };
}

export async function verifyEmailCodeAction(values: unknown): Promise<FormResult> {
  const parsed = emailCodeSchema.safeParse(values);
  if (!parsed.success) return { ok: false, fieldErrors: fieldErrorsOf(parsed.error) };
  const result = await signInWithEmailCode(parsed.data.email, parsed.data.code, await requestContext(), { signUpBinding: await readSignUpBindingCookie() });
  if (!result.ok) return { ok: false, fieldErrors: { code: result.message } };
  redirect(await finishSignIn(result.outcome, parsed.data.next));
}

export async function magicLinkAction(token: string): Promise<FormResult> {
  const result = await signInWithMagicLink(String(token), await requestContext(), { signUpBinding: await readSignUpBindingCookie() });
  if (!result.ok) return { ok: false, formError: result.message };
  redirect(await finishSignIn(result.outcome, result.next));
}

export async function verifyEmailAction(token: string): Promise<FormResult> {
  const current = await getCurrentSession();
  const result = await verifyEmail(String(token), current?.user.id ?? null, await requestContext(), { signUpBinding: await readSignUpBindingCookie() });
  if (!result.ok) return { ok: false, formError: result.message };
  // An app's sign-in waiting for this confirmation says so if it has to be finished in another browser.
  const next = result.next.startsWith('/authorize/') ? `${result.next}${result.next.includes('?') ? '&' : '?'}confirmed=1` : result.next;
  redirect(result.outcome ? await finishSignIn(result.outcome, next) : next);
}

export async function requestPasswordResetAction(values: unknown): Promise<FormResult> {
  const parsed = emailOnlySchema.safeParse(values);
  if (!parsed.success) return { ok: false, fieldErrors: fieldErrorsOf(parsed.error) };
  const result = await requestPasswordReset(parsed.data.email, await requestContext());
  if (!result.ok) return { ok: false, formError: result.message };
  return { ok: true, message: 'If an account exists for that address, we have emailed it a link to reset the password. It expires in 30 minutes.' };
}

export async function resetPasswordAction(values: unknown): Promise<FormResult> {
  const parsed = newPasswordSchema(config().password.minLength).safeParse(values);
  if (!parsed.success) return { ok: false, fieldErrors: fieldErrorsOf(parsed.error) };
  const result = await resetPassword(parsed.data.token, parsed.data.password, await requestContext(), {
    signedInUserId: (await getCurrentSession())?.user.id,
    signUpBinding: await readSignUpBindingCookie(),
  });
  if (!result.ok) return { ok: false, fieldErrors: result.fieldErrors, formError: result.message };
  redirect(await finishSignIn(result.outcome, '/account?reset=1'));
}
