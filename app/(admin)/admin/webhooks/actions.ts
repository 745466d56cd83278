'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import type { z } from 'zod';
import { isRecentlyAuthenticated, stepUpRequired } from '@/lib/auth/step-up';
import { requestContext } from '@/lib/http/request-context';
import { requirePermission } from '@/lib/rbac/check';
import { fieldErrorsOf } from '@/lib/validation/field-errors';
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

const NO_ENDPOINT = { ok: false as const, formError: 'This endpoint no longer exists.' };

function invalid(error: z.ZodError) {
  return { ok: false as const, fieldErrors: fieldErrorsOf(error) };
}

function failure(result: WebhookFailure) {
  // A refused URL is told beside the URL field; everything else above the form.
  if (result.code === 'url_refused') return { ok: false as const, fieldErrors: { [result.field]: result.error } };
  return { ok: false as const, formError: result.error };
}

async function asWebhookManager(returnTo: string) {
  const session = await requirePermission('webhooks:manage', returnTo);
  return { session, actor: { userId: session.user.id, sessionId: session.sessionId, context: await requestContext() } };
}

function idOf(raw: unknown) {
  const parsed = webhookIdSchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

export async function createWebhookEndpointAction(values: unknown) {
  const { session, actor } = await asWebhookManager('/admin/webhooks');
  const parsed = webhookEndpointSchema.safeParse(values);
  if (!parsed.success) return invalid(parsed.error);
  // Where customer events are sent is as sensitive as who holds a role: ask for a recent sign-in.
  if (!isRecentlyAuthenticated(session)) return stepUpRequired('/admin/webhooks');
  const result = await createWebhookEndpoint(parsed.data, actor);
  if (!result.ok) return failure(result);
  revalidatePath('/admin/webhooks');
  return { ok: true as const, message: 'The endpoint is registered.', id: result.id, secret: result.secret };
}

export async function updateWebhookEndpointAction(endpointId: string, values: unknown) {
  const { session, actor } = await asWebhookManager('/admin/webhooks');
  const id = idOf(endpointId);
  const parsed = webhookEndpointSchema.safeParse(values);
  if (!parsed.success) return invalid(parsed.error);
  if (!id) return NO_ENDPOINT;
  if (!isRecentlyAuthenticated(session)) return stepUpRequired(`/admin/webhooks/${id}`);
  const result = await updateWebhookEndpoint(id, parsed.data, actor);
  if (!result.ok) return failure(result);
  revalidatePath(`/admin/webhooks/${id}`);
  return { ok: true as const, message: 'The endpoint is saved.' };
}

export async function setWebhookEndpointEnabledAction(endpointId: string, enabled: boolean) {
  const { actor } = await asWebhookManager('/admin/webhooks');
  const id = idOf(endpointId);
  if (!id || typeof enabled !== 'boolean') return NO_ENDPOINT;
  const result = await setWebhookEndpointEnabled(id, enabled, actor);
  if (!result.ok) return failure(result);
  revalidatePath(`/admin/webhooks/${id}`);
  return { ok: true as const, message: enabled ? 'The endpoint is enabled.' : 'The endpoint is disabled: nothing is sent to it.' };
}

export async function rotateWebhookSecretAction(endpointId: string) {
  const { session, actor } = await asWebhookManager('/admin/webhooks');
  const id = idOf(endpointId);
  if (!id) return NO_ENDPOINT;
  if (!isRecentlyAuthenticated(session)) return stepUpRequired(`/admin/webhooks/${id}`);
  const result = await rotateWebhookSecret(id, actor);
  if (!result.ok) return failure(result);
  return { ok: true as const, message: 'The signing secret was replaced.', secret: result.secret };
}

export async function deleteWebhookEndpointAction(endpointId: string) {
  const { actor } = await asWebhookManager('/admin/webhooks');
  const id = idOf(endpointId);
  if (!id) return NO_ENDPOINT;
  const result = await deleteWebhookEndpoint(id, actor);
  if (!result.ok) return failure(result);
  revalidatePath('/admin/webhooks');
  redirect('/admin/webhooks');
}

export async function resendWebhookDeliveryAction(endpointId: string, deliveryId: string) {
  const { actor } = await asWebhookManager('/admin/webhooks');
  const id = idOf(endpointId);
  const delivery = idOf(deliveryId);
  if (!id || !delivery) return { ok: false as const, formError: 'This delivery no longer exists.' };
  const result = await resendWebhookDelivery(id, delivery, actor);
  if (!result.ok) return failure(result);
  revalidatePath(`/admin/webhooks/${id}`);
  return { ok: true as const, message: 'Queued: it will be sent within a few seconds.' };
}
