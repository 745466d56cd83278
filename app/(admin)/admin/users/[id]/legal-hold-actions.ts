'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { requestContext } from '@/lib/http/request-context';
import { requirePermission } from '@/lib/rbac/check';
import { placeLegalHold, releaseLegalHold } from '@/lib/retention/legal-hold';
import { legalHoldSchema } from '@/lib/validation/retention';

const customerId = z.string().min(1).max(64);

async function asCompliance(id: string) {
  const session = await requirePermission('retention:manage', `/admin/users/${id}`);
  return { id: session.user.id, sessionId: session.sessionId, context: await requestContext() };
}

export async function placeLegalHoldAction(id: string, values: unknown) {
  const target = customerId.parse(id);
  const staff = await asCompliance(target);
  const parsed = legalHoldSchema.safeParse(values);
  if (!parsed.success) return { ok: false as const, fieldErrors: { reason: parsed.error.issues[0]?.message ?? 'Say why the hold is needed.' } };
  const result = await placeLegalHold(target, parsed.data.reason, staff);
  revalidatePath(`/admin/users/${target}`);
  return result;
}

export async function releaseLegalHoldAction(id: string) {
  const target = customerId.parse(id);
  const staff = await asCompliance(target);
  const result = await releaseLegalHold(target, staff);
  revalidatePath(`/admin/users/${target}`);
  return result;
}
