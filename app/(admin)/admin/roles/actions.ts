'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import type { z } from 'zod';
import { isRecentlyAuthenticated, stepUpRequired } from '@/lib/auth/step-up';
import { requestContext } from '@/lib/http/request-context';
import { requirePermission } from '@/lib/rbac/check';
import { assignRoleByEmail, removeRole } from '@/lib/rbac/assignments';
import { createRole, deleteRole, roleMemberCount, updateRole, type RoleFailure } from '@/lib/rbac/roles';
import { assignRoleSchema, createRoleSchema, roleKeySchema, updateRoleSchema } from '@/lib/validation/rbac';
import { fieldErrorsOf } from '@/lib/validation/field-errors';

function invalid(error: z.ZodError) {
  return { ok: false as const, fieldErrors: fieldErrorsOf(error) };
}

function failure(result: RoleFailure) {
  return result.field ? { ok: false as const, fieldErrors: { [result.field]: result.error } } : { ok: false as const, formError: result.error };
}

/** A role key from the URL; anything malformed cannot name a role. */
function keyOf(raw: unknown) {
  const parsed = roleKeySchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

export async function createRoleAction(values: unknown) {
  const session = await requirePermission('rbac:manage', '/admin/roles');
  const parsed = createRoleSchema.safeParse(values);
  if (!parsed.success) return invalid(parsed.error);
  const result = await createRole(parsed.data, { userId: session.user.id, context: await requestContext() });
  if (!result.ok) return failure(result);
  revalidatePath('/admin/roles');
  redirect(`/admin/roles/${result.key}`);
}

export async function updateRoleAction(roleKey: string, values: unknown) {
  const session = await requirePermission('rbac:manage', '/admin/roles');
  const key = keyOf(roleKey);
  const parsed = updateRoleSchema.safeParse(values);
  if (!key) return { ok: false as const, formError: 'This role no longer exists.' };
  if (!parsed.success) return invalid(parsed.error);
  // Changing what a held role grants changes every holder's access at once: as sensitive as
  // assigning it, so it asks for a recent sign-in too (ASVS 5.0 V7.5.3 re-authentication).
  if ((await roleMemberCount(key)) > 0 && !isRecentlyAuthenticated(session)) return stepUpRequired(`/admin/roles/${key}`);
  const result = await updateRole(key, parsed.data, { userId: session.user.id, context: await requestContext() });
  if (!result.ok) return failure(result);
  revalidatePath('/admin/roles', 'layout');
  return { ok: true as const, message: 'The role is saved.' };
}

export async function deleteRoleAction(roleKey: string) {
  const session = await requirePermission('rbac:manage', '/admin/roles');
  const key = keyOf(roleKey);
  if (!key) return { ok: false as const, formError: 'This role no longer exists.' };
  const result = await deleteRole(key, { userId: session.user.id, context: await requestContext() });
  if (!result.ok) return failure(result);
  revalidatePath('/admin/roles');
  redirect('/admin/roles');
}

export async function assignRoleAction(roleKey: string, values: unknown) {
  const session = await requirePermission('rbac:manage', '/admin/roles');
  const key = keyOf(roleKey);
  const parsed = assignRoleSchema.safeParse(values);
  if (!key) return { ok: false as const, formError: 'This role no longer exists.' };
  if (!parsed.success) return invalid(parsed.error);
  // Granting staff access is as sensitive as a password change: ask for a recent sign-in.
  if (!isRecentlyAuthenticated(session)) return stepUpRequired(`/admin/roles/${key}`);
  const result = await assignRoleByEmail(parsed.data.email, key, { userId: session.user.id, context: await requestContext() });
  if (!result.ok) return failure(result);
  revalidatePath(`/admin/roles/${key}`);
  return {
    ok: true as const,
    message: result.alreadyHeld ? `${parsed.data.email} already has this role.` : `${parsed.data.email} now has this role.`,
  };
}

export async function removeRoleAction(roleKey: string, userId: string) {
  const session = await requirePermission('rbac:manage', '/admin/roles');
  const key = keyOf(roleKey);
  if (!key || typeof userId !== 'string' || userId.length > 64) return { ok: false as const, formError: 'This role no longer exists.' };
  if (!isRecentlyAuthenticated(session)) return stepUpRequired(`/admin/roles/${key}`);
  const result = await removeRole(userId, key, { userId: session.user.id, context: await requestContext() });
  if (!result.ok) return failure(result);
  revalidatePath(`/admin/roles/${key}`);
  return { ok: true as const, message: 'The role was removed.' };
}
