'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { adminAction } from '@/lib/rbac/admin-action';
import { updateRetentionPolicy } from '@/lib/retention/policies';
import { dryRunPolicy, runPolicyNow } from '@/lib/retention/run';
import { retentionPolicySchema } from '@/lib/validation/retention';

const PAGE = '/admin/retention';
const policyId = z.string().min(1).max(64);
const policy = { page: PAGE, gone: 'This policy no longer exists.' };

export const savePolicyAction = adminAction(
  'retention:manage',
  z.tuple([retentionPolicySchema]),
  async ([input], staff) => {
    const result = await updateRetentionPolicy(input, staff);
    revalidatePath(PAGE);
    return result;
  },
  policy,
);

export const dryRunPolicyAction = adminAction(
  'retention:manage',
  z.tuple([policyId]),
  async ([id], staff) => {
    const result = await dryRunPolicy(id, { trigger: 'manual', by: staff });
    revalidatePath(PAGE);
    return result;
  },
  policy,
);

export const runPolicyAction = adminAction(
  'retention:manage',
  z.tuple([policyId]),
  async ([id], staff) => {
    const result = await runPolicyNow(id, { trigger: 'manual', by: staff });
    revalidatePath(PAGE);
    return result;
  },
  policy,
);
