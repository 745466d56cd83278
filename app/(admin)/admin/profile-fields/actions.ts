'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import type { z } from 'zod';
import { requestContext } from '@/lib/http/request-context';
import { requirePermission } from '@/lib/rbac/check';
import { createProfileField, updateProfileField, type FieldAdminFailure } from '@/lib/profile/field-admin';
import { createProfileFieldSchema, profileFieldKeySchema, updateProfileFieldSchema } from '@/lib/validation/profile-fields';

function fieldErrorsOf(error: z.ZodError) {
  const fieldErrors: Record<string, string> = {};
  for (const issue of error.issues) fieldErrors[String(issue.path[0] ?? 'form')] ??= issue.message;
  return { ok: false as const, fieldErrors };
}

function failure(result: FieldAdminFailure) {
  return result.field ? { ok: false as const, fieldErrors: { [result.field]: result.error } } : { ok: false as const, formError: result.error };
}

export async function createProfileFieldAction(values: unknown) {
  const session = await requirePermission('profile:manage', '/admin/profile-fields');
  const parsed = createProfileFieldSchema.safeParse(values);
  if (!parsed.success) return fieldErrorsOf(parsed.error);
  const result = await createProfileField(parsed.data, { userId: session.user.id, context: await requestContext() });
  if (!result.ok) return failure(result);
  revalidatePath('/admin/profile-fields');
  redirect(`/admin/profile-fields/${result.key}`);
}

export async function updateProfileFieldAction(fieldKey: string, values: unknown) {
  const session = await requirePermission('profile:manage', '/admin/profile-fields');
  const key = profileFieldKeySchema.safeParse(fieldKey);
  const parsed = updateProfileFieldSchema.safeParse(values);
  if (!key.success) return { ok: false as const, formError: 'This field no longer exists.' };
  if (!parsed.success) return fieldErrorsOf(parsed.error);
  const result = await updateProfileField(key.data, parsed.data, { userId: session.user.id, context: await requestContext() });
  if (!result.ok) return failure(result);
  revalidatePath('/admin/profile-fields', 'layout');
  return { ok: true as const, message: 'The field is saved. Customers are asked by the new rule from their next sign-in.' };
}
