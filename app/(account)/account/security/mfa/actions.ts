'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { requireAgreedSession } from '@/lib/auth/current-session';
import { confirmTotpEnrolment, disableTwoStep, startTotpEnrolment } from '@/lib/auth/mfa/enrolment';
import { regenerateRecoveryCodes } from '@/lib/auth/mfa/recovery-codes';
import { isRecentlyAuthenticated, stepUpRequired, stepUpUrl } from '@/lib/auth/step-up';
import { userActor } from '@/lib/audit/actor';
import { requestContext } from '@/lib/http/request-context';
import { confirmTotpSchema } from '@/lib/validation/mfa';

const PAGE = '/account/security/mfa';

/** Every change here is sensitive (ASVS 4.0 §2.8/§3.7: re-authenticate before changing a factor). */
async function recentSession() {
  const session = await requireAgreedSession(PAGE);
  return { session, recent: isRecentlyAuthenticated(session) };
}

export async function startTotpSetupAction() {
  const { session, recent } = await recentSession();
  if (!recent) redirect(stepUpUrl(PAGE));
  await startTotpEnrolment(session.user.id);
  // The same page, now showing the new QR code.
  revalidatePath(PAGE);
}

export async function confirmTotpSetupAction(values: unknown) {
  const parsed = confirmTotpSchema.safeParse(values);
  if (!parsed.success) return { ok: false as const, fieldErrors: { code: parsed.error.issues[0]!.message } };
  const { session, recent } = await recentSession();
  if (!recent) return stepUpRequired(PAGE);
  const result = await confirmTotpEnrolment(userActor(session, await requestContext()), parsed.data.code);
  if (!result.ok) {
    return result.error === 'wrong_code' || result.error === 'rate_limited'
      ? { ok: false as const, fieldErrors: { code: result.message } }
      : { ok: false as const, formError: result.message };
  }
  // The page turns to "On"; the codes stay on screen in the client until dismissed.
  revalidatePath(PAGE);
  return { ok: true as const, recoveryCodes: result.recoveryCodes };
}

export async function regenerateRecoveryCodesAction() {
  const { session, recent } = await recentSession();
  if (!recent) return stepUpRequired(PAGE);
  const result = await regenerateRecoveryCodes(userActor(session, await requestContext()));
  if (!result.ok) return { ok: false as const, formError: result.message };
  revalidatePath(PAGE);
  return { ok: true as const, recoveryCodes: result.codes };
}

export async function turnOffTwoStepAction() {
  const { session, recent } = await recentSession();
  if (!recent) return stepUpRequired(PAGE);
  const result = await disableTwoStep(userActor(session, await requestContext()));
  if (!result.ok) return { ok: false as const, formError: result.message };
  redirect(`${PAGE}?turned-off=1`);
}
