'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { adminAction } from '@/lib/rbac/admin-action';
import { webhookEndpointSchema, webhookIdSchema } from '@/lib/validation/webhooks';
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  resendWebhookDelivery,
  rotateWebhookSecret,
  setWebhookEndpointEnabled,
  updateWebhookEndpoint,
  type WebhookFailure,
} from '@/lib/webhooks/endpoints';

const LIST = '/admin/webhooks';
const endpoint = { page: ([id]: readonly [string, ...unknown[]]) => `${LIST}/${id}`, gone: 'This endpoint no longer exists.' };

function failure(result: WebhookFailure) {
  // A refused URL is told beside the URL field; everything else above the form.
  if (result.code === 'url_refused') return { ok: false as const, fieldErrors: { [result.field]: result.error } };
  return { ok: false as const, formError: result.error };
}

// Where customer events are sent, and the secret that proves they came from here, are as
// sensitive as who holds a role: those changes ask for a recent sign-in.

export const createWebhookEndpointAction = adminAction(
  'webhooks:manage',
  z.tuple([webhookEndpointSchema]),
  async ([input], staff) => {
    const result = await createWebhookEndpoint(input, staff);
    if (!result.ok) return failure(result);
    revalidatePath(LIST);
    return { ok: true as const, message: 'The endpoint is registered.', id: result.id, secret: result.secret };
  },
  { page: LIST, stepUp: true },
);

export const updateWebhookEndpointAction = adminAction(
  'webhooks:manage',
  z.tuple([webhookIdSchema, webhookEndpointSchema]),
  async ([id, input], staff) => {
    const result = await updateWebhookEndpoint(id, input, staff);
    if (!result.ok) return failure(result);
    revalidatePath(`${LIST}/${id}`);
    return { ok: true as const, message: 'The endpoint is saved.' };
  },
  { ...endpoint, stepUp: true },
);

export const setWebhookEndpointEnabledAction = adminAction(
  'webhooks:manage',
  z.tuple([webhookIdSchema, z.boolean()]),
  async ([id, enabled], staff) => {
    const result = await setWebhookEndpointEnabled(id, enabled, staff);
    if (!result.ok) return failure(result);
    revalidatePath(`${LIST}/${id}`);
    return { ok: true as const, message: enabled ? 'The endpoint is enabled.' : 'The endpoint is disabled: nothing is sent to it.' };
  },
  endpoint,
);

export const rotateWebhookSecretAction = adminAction(
  'webhooks:manage',
  z.tuple([webhookIdSchema]),
  async ([id], staff) => {
    const result = await rotateWebhookSecret(id, staff);
    if (!result.ok) return failure(result);
    return { ok: true as const, message: 'The signing secret was replaced.', secret: result.secret };
  },
  { ...endpoint, stepUp: true },
);

export const deleteWebhookEndpointAction = adminAction(
  'webhooks:manage',
  z.tuple([webhookIdSchema]),
  async ([id], staff) => {
    const result = await deleteWebhookEndpoint(id, staff);
    if (!result.ok) return failure(result);
    revalidatePath(LIST);
    redirect(LIST);
  },
  endpoint,
);

export const resendWebhookDeliveryAction = adminAction(
  'webhooks:manage',
  z.tuple([webhookIdSchema, webhookIdSchema]),
  async ([id, delivery], staff) => {
    const result = await resendWebhookDelivery(id, delivery, staff);
    if (!result.ok) return failure(result);
    revalidatePath(`${LIST}/${id}`);
    return { ok: true as const, message: 'Queued: it will be sent within a few seconds.' };
  },
  { ...endpoint, gone: 'This delivery no longer exists.' },
);
