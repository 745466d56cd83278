'use server';

import { redirect } from 'next/navigation';
import { requireSession } from '@/lib/auth/current-session';
import { requestContext } from '@/lib/http/request-context';
import { safeRedirect } from '@/lib/http/safe-redirect';
import { dueProfileFields, saveProfileAnswers } from '@/lib/profile/progressive';
import { dueTriggerSchema } from '@/lib/validation/profile';

// The trigger and next are bound on the page, but bound arguments travel through the browser like
// any other: they are parsed here too.
export async function completeProfileAction(trigger: unknown, next: unknown, values: unknown) {
  const session = await requireSession('/complete-profile');
  const parsedTrigger = dueTriggerSchema.safeParse(trigger);
  const destination = safeRedirect(typeof next === 'string' ? next : undefined);
  if (!parsedTrigger.success) redirect(`/complete-profile?next=${encodeURIComponent(destination)}`);
  // Only the fields that are due now may be written through this step.
  const fields = await dueProfileFields(session.user.id, parsedTrigger.data);
  const result = await saveProfileAnswers({ userId: session.user.id, fields, values: typeof values === 'object' && values !== null && !Array.isArray(values) ? (values as Record<string, unknown>) : {}, context: await requestContext() });
  if (!result.ok) return { ok: false as const, fieldErrors: result.fieldErrors };
  redirect(destination);
}
