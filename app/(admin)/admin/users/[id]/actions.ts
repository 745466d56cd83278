'use server';

import { requirePermission } from '@/lib/rbac/check';
import type { Permission } from '@/lib/rbac/permissions';
import { requestContext } from '@/lib/http/request-context';
import {
  reactivateCustomer,
  resendVerificationForCustomer,
  revokeCustomerSessions,
  sendPasswordResetForCustomer,
  suspendCustomer,
} from '@/lib/users/support-actions';
import { suspendUserSchema, userIdSchema } from '@/lib/validation/directory';

const NOT_FOUND = { ok: false as const, formError: 'That account was not found.' };

async function asStaff(permission: Permission, id: string | undefined) {
  const session = await requirePermission(permission, id ? `/admin/users/${id}` : '/admin/users');
  return { id: session.user.id, sessionId: session.sessionId, context: await requestContext() };
}

export async function resendVerificationAction(id: unknown) {
  const parsedId = userIdSchema.safeParse(id);
  const staff = await asStaff('users:write', parsedId.data);
  if (!parsedId.success) return NOT_FOUND;
  return resendVerificationForCustomer(parsedId.data, staff);
}

export async function sendPasswordResetAction(id: unknown) {
  const parsedId = userIdSchema.safeParse(id);
  const staff = await asStaff('users:write', parsedId.data);
  if (!parsedId.success) return NOT_FOUND;
  return sendPasswordResetForCustomer(parsedId.data, staff);
}

export async function revokeSessionsAction(id: unknown) {
  const parsedId = userIdSchema.safeParse(id);
  const staff = await asStaff('sessions:revoke', parsedId.data);
  if (!parsedId.success) return NOT_FOUND;
  return revokeCustomerSessions(parsedId.data, staff);
}

export async function suspendAction(id: unknown, input: unknown) {
  const parsedId = userIdSchema.safeParse(id);
  const staff = await asStaff('users:suspend', parsedId.data);
  if (!parsedId.success) return NOT_FOUND;
  const target = parsedId.data;
  const parsed = suspendUserSchema.safeParse(input);
  if (!parsed.success) return { ok: false as const, fieldErrors: { reason: parsed.error.issues[0]?.message ?? 'Give a reason.' } };
  return suspendCustomer(target, parsed.data.reason, staff);
}

export async function reactivateAction(id: unknown, input: unknown) {
  const parsedId = userIdSchema.safeParse(id);
  const staff = await asStaff('users:suspend', parsedId.data);
  if (!parsedId.success) return NOT_FOUND;
  const target = parsedId.data;
  const parsed = suspendUserSchema.safeParse(input);
  if (!parsed.success) return { ok: false as const, fieldErrors: { reason: parsed.error.issues[0]?.message ?? 'Give a reason.' } };
  return reactivateCustomer(target, parsed.data.reason, staff);
}
