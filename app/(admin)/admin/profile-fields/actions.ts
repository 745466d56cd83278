'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { adminAction, refusalFrom } from '@/lib/rbac/admin-action';
import { createProfileField, updateProfileField } from '@/lib/profile/field-admin';
import { createProfileFieldSchema, profileFieldKeySchema, updateProfileFieldSchema } from '@/lib/validation/profile-fields';

const LIST = '/admin/profile-fields';

export const createProfileFieldAction = adminAction(
  'profile:manage',
  z.tuple([createProfileFieldSchema]),
  async ([input], staff) => {
    const result = await createProfileField(input, staff);
    if (!result.ok) return refusalFrom(result);
    revalidatePath(LIST);
    redirect(`${LIST}/${result.key}`);
  },
  { page: LIST },
);

export const updateProfileFieldAction = adminAction(
  'profile:manage',
  z.tuple([profileFieldKeySchema, updateProfileFieldSchema]),
  async ([key, input], staff) => {
    const result = await updateProfileField(key, input, staff);
    if (!result.ok) return refusalFrom(result);
    revalidatePath(LIST, 'layout');
    return { ok: true as const, message: 'The field is saved. Customers are asked by the new rule from their next sign-in.' };
  },
  { page: ([key]) => `${LIST}/${key}`, gone: 'This field no longer exists.' },
);
