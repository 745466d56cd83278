'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import type { z } from 'zod';
import { requestContext } from '@/lib/http/request-context';
import { requirePermission } from '@/lib/rbac/check';
import { createConsentPurpose, updateConsentPurpose, type ConsentAdminFailure } from '@/lib/consent/manage';
import { describePublished, publishConsentVersion } from '@/lib/consent/publish';
import { consentPurposeKeySchema, consentVersionSchema, createConsentPurposeSchema, updateConsentPurposeSchema } from '@/lib/validation/consent-admin';

function fieldErrorsOf(error: z.ZodError) {
  const fieldErrors: Record<string, string> = {};
  for (const issue of error.issues) fieldErrors[String(issue.path[0] ?? 'form')] ??= issue.message;
  return { ok: false as const, fieldErrors };
}

function failure(result: ConsentAdminFailure) {
  return result.field ? { ok: false as const, fieldErrors: { [result.field]: result.error } } : { ok: false as const, formError: result.error };
}

const GONE = { ok: false as const, formError: 'This purpose or document no longer exists.' };

/** A purpose key from the URL; anything malformed cannot name a purpose. */
function keyOf(raw: unknown) {
  const parsed = consentPurposeKeySchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

export async function createConsentPurposeAction(values: unknown) {
  const session = await requirePermission('consent:manage', '/admin/consent');
  const parsed = createConsentPurposeSchema.safeParse(values);
  if (!parsed.success) return fieldErrorsOf(parsed.error);
  const result = await createConsentPurpose(parsed.data, { userId: session.user.id, context: await requestContext() });
  if (!result.ok) return failure(result);
  revalidatePath('/admin/consent');
  redirect(`/admin/consent/${result.key}`);
}

export async function updateConsentPurposeAction(purposeKey: string, values: unknown) {
  const session = await requirePermission('consent:manage', '/admin/consent');
  const key = keyOf(purposeKey);
  const parsed = updateConsentPurposeSchema.safeParse(values);
  if (!key) return GONE;
  if (!parsed.success) return fieldErrorsOf(parsed.error);
  const result = await updateConsentPurpose(key, parsed.data, { userId: session.user.id, context: await requestContext() });
  if (!result.ok) return failure(result);
  revalidatePath('/admin/consent', 'layout');
  const asked = result.asksAgain ? ' Customers who have not accepted its current version will be asked at their next sign-in.' : '';
  return { ok: true as const, message: `Saved.${asked}` };
}

export async function publishConsentVersionAction(purposeKey: string, values: unknown) {
  const session = await requirePermission('consent:manage', '/admin/consent');
  const key = keyOf(purposeKey);
  const parsed = consentVersionSchema.safeParse(values);
  if (!key) return GONE;
  if (!parsed.success) return fieldErrorsOf(parsed.error);
  const result = await publishConsentVersion(key, parsed.data, { type: 'staff', id: session.user.id }, await requestContext());
  if (!result.ok) return result.error === 'unknown_purpose' ? GONE : { ok: false as const, formError: result.message };
  revalidatePath('/admin/consent', 'layout');
  return { ok: true as const, message: describePublished(result) };
}
