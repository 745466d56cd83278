'use server';

import { redirect } from 'next/navigation';
import { requireSession } from '@/lib/auth/current-session';
import { reauthenticateWithEmailCode, reauthenticateWithPassword, reauthenticateWithSecondFactor, sendStepUpCode } from '@/lib/auth/reauthenticate';
import { requestContext } from '@/lib/http/request-context';
import { safeRedirect } from '@/lib/http/safe-redirect';
import { confirmCodeSchema, confirmPasswordSchema, confirmSecondFactorSchema } from '@/lib/validation/account';

export async function confirmWithPasswordAction(values: unknown) {
  const session = await requireSession('/account/confirm-identity');
  const parsed = confirmPasswordSchema.safeParse(values);
  if (!parsed.success) return { ok: false as const, fieldErrors: { password: parsed.error.issues[0]!.message } };
  const result = await reauthenticateWithPassword(session, parsed.data.password, await requestContext());
  if (!result.ok) return { ok: false as const, fieldErrors: { password: result.message } };
  redirect(safeRedirect(parsed.data.next));
}

export async function sendStepUpCodeAction() {
  const session = await requireSession('/account/confirm-identity');
  const result = await sendStepUpCode(session, await requestContext());
  return result.ok ? { ok: true as const, message: `We have emailed a 6-digit code to ${session.user.email}.` } : { ok: false as const, formError: result.message };
}

export async function confirmWithCodeAction(values: unknown) {
  const session = await requireSession('/account/confirm-identity');
  const parsed = confirmCodeSchema.safeParse(values);
  if (!parsed.success) return { ok: false as const, fieldErrors: { code: parsed.error.issues[0]!.message } };
  const result = await reauthenticateWithEmailCode(session, parsed.data.code, await requestContext());
  if (!result.ok) return { ok: false as const, fieldErrors: { code: result.message } };
  redirect(safeRedirect(parsed.data.next));
}

export async function confirmWithSecondFactorAction(values: unknown) {
  const session = await requireSession('/account/confirm-identity');
  const parsed = confirmSecondFactorSchema.safeParse(values);
  if (!parsed.success) return { ok: false as const, fieldErrors: { code: parsed.error.issues[0]!.message } };
  const code = parsed.data.code.replace(/\s/g, '');
  const proof = /^\d{6}$/.test(code) ? ({ method: 'totp', code } as const) : ({ method: 'recovery_code', code: parsed.data.code } as const);
  const result = await reauthenticateWithSecondFactor(session, proof, await requestContext());
  if (!result.ok) return { ok: false as const, fieldErrors: { code: result.message } };
  redirect(safeRedirect(parsed.data.next));
}
