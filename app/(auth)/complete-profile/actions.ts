'use server';

import { redirect } from 'next/navigation';
import { requireSession } from '@/lib/auth/current-session';
import { requestContext } from '@/lib/http/request-context';
import { safeRedirect } from '@/lib/http/safe-redirect';
import { dueProfileFields, saveProfileAnswers, type DueTrigger } from '@/lib/profile/progressive';

export async function completeProfileAction(trigger: DueTrigger, next: string, values: Record<string, string>) {
  const session = await requireSession('/complete-profile');
  // Only the fields that are due now may be written through this step.
  const fields = await dueProfileFields(session.user.id, trigger);
  const result = await saveProfileAnswers({ userId: session.user.id, fields, values, context: await requestContext() });
  if (!result.ok) return { ok: false as const, fieldErrors: result.fieldErrors };
  redirect(safeRedirect(next));
}
