'use server';

import { z } from 'zod';
import { adminAction } from '@/lib/rbac/admin-action';
import {
  reactivateCustomer,
  resendVerificationForCustomer,
  revokeCustomerSessions,
  sendPasswordResetForCustomer,
  suspendCustomer,
} from '@/lib/users/support-actions';
import { suspendUserSchema, userIdSchema } from '@/lib/validation/directory';

// What support does from a customer's profile. Who may be acted on is the support functions' rule.

const customer = { page: ([id]: readonly [string, ...unknown[]]) => `/admin/users/${id}`, gone: 'That account was not found.' };

export const resendVerificationAction = adminAction(
  'users:write',
  z.tuple([userIdSchema]),
  ([id], staff) => resendVerificationForCustomer(id, staff),
  customer,
);

export const sendPasswordResetAction = adminAction(
  'users:write',
  z.tuple([userIdSchema]),
  ([id], staff) => sendPasswordResetForCustomer(id, staff),
  customer,
);

export const revokeSessionsAction = adminAction(
  'sessions:revoke',
  z.tuple([userIdSchema]),
  ([id], staff) => revokeCustomerSessions(id, staff),
  customer,
);

export const suspendAction = adminAction(
  'users:suspend',
  z.tuple([userIdSchema, suspendUserSchema]),
  ([id, { reason }], staff) => suspendCustomer(id, reason, staff),
  customer,
);

export const reactivateAction = adminAction(
  'users:suspend',
  z.tuple([userIdSchema, suspendUserSchema]),
  ([id, { reason }], staff) => reactivateCustomer(id, reason, staff),
  customer,
);
