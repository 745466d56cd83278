'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { adminAction, refusalFrom } from '@/lib/rbac/admin-action';
import { assignRoleByEmail, removeRole } from '@/lib/rbac/assignments';
import { createRole, deleteRole, roleMemberCount, updateRole } from '@/lib/rbac/roles';
import { userIdSchema } from '@/lib/validation/directory';
import { assignRoleSchema, createRoleSchema, roleKeySchema, updateRoleSchema } from '@/lib/validation/rbac';

const LIST = '/admin/roles';
const role = { page: ([key]: readonly [string, ...unknown[]]) => `${LIST}/${key}`, gone: 'This role no longer exists.' };

export const createRoleAction = adminAction(
  'rbac:manage',
  z.tuple([createRoleSchema]),
  async ([input], staff) => {
    const result = await createRole(input, staff);
    if (!result.ok) return refusalFrom(result);
    revalidatePath(LIST);
    redirect(`${LIST}/${result.key}`);
  },
  { page: LIST },
);

export const updateRoleAction = adminAction(
  'rbac:manage',
  z.tuple([roleKeySchema, updateRoleSchema]),
  async ([key, input], staff) => {
    const result = await updateRole(key, input, staff);
    if (!result.ok) return refusalFrom(result);
    revalidatePath(LIST, 'layout');
    return { ok: true as const, message: 'The role is saved.' };
  },
  // Changing what a held role grants changes every holder's access at once: as sensitive as
  // assigning it, so it asks for a recent sign-in too (ASVS 5.0 V7.5.3 re-authentication).
  { ...role, stepUp: async ([key]) => (await roleMemberCount(key)) > 0 },
);

export const deleteRoleAction = adminAction(
  'rbac:manage',
  z.tuple([roleKeySchema]),
  async ([key], staff) => {
    const result = await deleteRole(key, staff);
    if (!result.ok) return refusalFrom(result);
    revalidatePath(LIST);
    redirect(LIST);
  },
  role,
);

export const assignRoleAction = adminAction(
  'rbac:manage',
  z.tuple([roleKeySchema, assignRoleSchema]),
  async ([key, { email }], staff) => {
    const result = await assignRoleByEmail(email, key, staff);
    if (!result.ok) return refusalFrom(result);
    revalidatePath(`${LIST}/${key}`);
    return { ok: true as const, message: result.alreadyHeld ? `${email} already has this role.` : `${email} now has this role.` };
  },
  // Granting staff access is as sensitive as a password change: ask for a recent sign-in.
  { ...role, stepUp: true },
);

export const removeRoleAction = adminAction(
  'rbac:manage',
  z.tuple([roleKeySchema, userIdSchema]),
  async ([key, userId], staff) => {
    const result = await removeRole(userId, key, staff);
    if (!result.ok) return refusalFrom(result);
    revalidatePath(`${LIST}/${key}`);
    return { ok: true as const, message: 'The role was removed.' };
  },
  { ...role, stepUp: true },
);
