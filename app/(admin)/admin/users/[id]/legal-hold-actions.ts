'use server';

import { revalidatePath } from 'next/cache';
import { requestContext } from '@/lib/http/request-context';
import { requirePermission } from '@/lib/rbac/check';
import { placeLegalHold, releaseLegalHold } from '@/lib/retention/legal-hold';
import { legalHoldSchema } from '@/lib/validation/retention';
import { userIdSchema } from '@/lib/validation/directory';

const NOT_FOUND = { ok: false as const, formError: 'That account was not found.' };

async function asCompliance(id: string | undefined) {
  const session = await requirePermission('retention:manage', id ? `/admin/users/${id}` : '/admin/users');
  return { id: session.user.id, sessionId: session.sessionId, context: await requestContext() };
}

export async function placeLegalHoldAction(id: unknown, values: unknown) {
  const parsedId = userIdSchema.safeParse(id);
  const staff = await asCompliance(parsedId.data);
  if (!parsedId.success) return NOT_FOUND;
  const target = parsedId.data;
  const parsed = legalHoldSchema.safeParse(values);
  if (!parsed.success) return { ok: false as const, fieldErrors: { reason: parsed.error.issues[0]?.message ?? 'Say why the hold is needed.' } };
  const result = await placeLegalHold(target, parsed.data.reason, staff);
  revalidatePath(`/admin/users/${target}`);
  return result;
}

export async function releaseLegalHoldAction(id: unknown) {
  const parsedId = userIdSchema.safeParse(id);
  const staff = await asCompliance(parsedId.data);
  if (!parsedId.success) return NOT_FOUND;
  const target = parsedId.data;
  const result = await releaseLegalHold(target, staff);
  revalidatePath(`/admin/users/${target}`);
  return result;
}
