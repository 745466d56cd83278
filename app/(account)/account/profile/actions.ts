'use server';

import { revalidatePath } from 'next/cache';
import { requireAgreedSession } from '@/lib/auth/current-session';
import { isRecentlyAuthenticated, stepUpRequired } from '@/lib/auth/step-up';
import { requestContext } from '@/lib/http/request-context';
import { editableProfile, saveProfileAnswers } from '@/lib/profile/progressive';
import { requestEmailChange } from '@/lib/users/email-change';
import { changeEmailSchema } from '@/lib/validation/account';

export async function updateProfileAction(values: Record<string, string>) {
  const session = await requireAgreedSession('/account/profile');
  const { fields } = await editableProfile(session.user.id);
  const result = await saveProfileAnswers({ userId: session.user.id, fields, values, context: await requestContext(), blank: 'clear' });
  if (!result.ok) return { ok: false as const, fieldErrors: result.fieldErrors };
  revalidatePath('/account', 'layout');
  return { ok: true as const, message: 'Your profile is saved.' };
}

export async function requestEmailChangeAction(values: unknown) {
  const session = await requireAgreedSession('/account/profile');
  const parsed = changeEmailSchema.safeParse(values);
  if (!parsed.success) return { ok: false as const, fieldErrors: { email: parsed.error.issues[0]!.message } };
  if (!isRecentlyAuthenticated(session)) return stepUpRequired('/account/profile#email');
  const result = await requestEmailChange(session, parsed.data.email, await requestContext());
  if (!result.ok) return result;
  return { ok: true as const, message: `We have sent a confirmation link to ${parsed.data.email}. Your address changes when you follow it.` };
}
