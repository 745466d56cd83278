'use server';

import { z } from 'zod';
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
import { suspendUserSchema, type SuspendUserInput } from '@/lib/validation/directory';

const customerId = z.string().min(1).max(64);

async function asStaff(permission: Permission, id: string) {
  const session = await requirePermission(permission, `/admin/users/${id}`);
  return { id: session.user.id, sessionId: session.sessionId, context: await requestContext() };
}

export async function resendVerificationAction(id: string) {
  const target = customerId.parse(id);
  return resendVerificationForCustomer(target, await asStaff('users:write', target));
}

export async function sendPasswordResetAction(id: string) {
  const target = customerId.parse(id);
  return sendPasswordResetForCustomer(target, await asStaff('users:write', target));
}

export async function revokeSessionsAction(id: string) {
  const target = customerId.parse(id);
  return revokeCustomerSessions(target, await asStaff('sessions:revoke', target));
}

export async function suspendAction(id: string, input: SuspendUserInput) {
  const target = customerId.parse(id);
  const staff = await asStaff('users:suspend', target);
  const parsed = suspendUserSchema.safeParse(input);
  if (!parsed.success) return { ok: false as const, fieldErrors: { reason: parsed.error.issues[0]?.message ?? 'Give a reason.' } };
  return suspendCustomer(target, parsed.data.reason, staff);
}

export async function reactivateAction(id: string, input: SuspendUserInput) {
  const target = customerId.parse(id);
  const staff = await asStaff('users:suspend', target);
  const parsed = suspendUserSchema.safeParse(input);
  if (!parsed.success) return { ok: false as const, fieldErrors: { reason: parsed.error.issues[0]?.message ?? 'Give a reason.' } };
  return reactivateCustomer(target, parsed.data.reason, staff);
}
