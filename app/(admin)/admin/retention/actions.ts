'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { requestContext } from '@/lib/http/request-context';
import { requirePermission } from '@/lib/rbac/check';
import { updateRetentionPolicy } from '@/lib/retention/policies';
import { dryRunPolicy, runPolicyNow } from '@/lib/retention/run';
import { retentionPolicySchema } from '@/lib/validation/retention';

const policyId = z.string().min(1).max(64);

async function asStaff() {
  const session = await requirePermission('retention:manage', '/admin/retention');
  return { id: session.user.id, sessionId: session.sessionId, context: await requestContext() };
}

export async function savePolicyAction(values: unknown) {
  const staff = await asStaff();
  const parsed = retentionPolicySchema.safeParse(values);
  if (!parsed.success) {
    const fieldErrors: Record<string, string> = {};
    for (const issue of parsed.error.issues) fieldErrors[String(issue.path[0] ?? 'form')] ??= issue.message;
    return { ok: false as const, fieldErrors };
  }
  const result = await updateRetentionPolicy(parsed.data, staff);
  revalidatePath('/admin/retention');
  return result;
}

export async function dryRunPolicyAction(id: string) {
  const staff = await asStaff();
  const parsed = policyId.safeParse(id);
  if (!parsed.success) return { ok: false as const, formError: 'This policy no longer exists.' };
  const result = await dryRunPolicy(parsed.data, { trigger: 'manual', staff });
  revalidatePath('/admin/retention');
  return result;
}

export async function runPolicyAction(id: string) {
  const staff = await asStaff();
  const parsed = policyId.safeParse(id);
  if (!parsed.success) return { ok: false as const, formError: 'This policy no longer exists.' };
  const result = await runPolicyNow(parsed.data, { trigger: 'manual', staff });
  revalidatePath('/admin/retention');
  return result;
}
