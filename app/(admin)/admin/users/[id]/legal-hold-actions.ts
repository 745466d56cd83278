'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { adminAction } from '@/lib/rbac/admin-action';
import { placeLegalHold, releaseLegalHold } from '@/lib/retention/legal-hold';
import { legalHoldSchema } from '@/lib/validation/retention';
import { userIdSchema } from '@/lib/validation/directory';

const customer = { page: ([id]: readonly [string, ...unknown[]]) => `/admin/users/${id}`, gone: 'That account was not found.' };

export const placeLegalHoldAction = adminAction(
  'retention:manage',
  z.tuple([userIdSchema, legalHoldSchema]),
  async ([id, { reason }], staff) => {
    const result = await placeLegalHold(id, reason, staff);
    revalidatePath(`/admin/users/${id}`);
    return result;
  },
  customer,
);

export const releaseLegalHoldAction = adminAction(
  'retention:manage',
  z.tuple([userIdSchema]),
  async ([id], staff) => {
    const result = await releaseLegalHold(id, staff);
    revalidatePath(`/admin/users/${id}`);
    return result;
  },
  customer,
);
