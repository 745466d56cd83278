import 'server-only';
import { config } from '@/lib/config';
import { db } from '@/lib/db/client';
import { newRecordId } from '@/lib/db/record-id';
import { vetOutboundUrl, type HostResolver, type OutboundPolicy } from '@/lib/http/outbound-guard';
import { recordAudit } from '@/lib/audit/record';
import { auditedAs, type StaffActor } from '@/lib/audit/actor';
import type { WebhookEventType } from './events';
import { parseEventTypes } from './events';
import { newSigningSecret } from './signing-secret';

// Endpoint administration: each change is one transaction with its audit event.


export type WebhookFailure = { ok: false; code: 'not_found' | 'busy'; error: string } | { ok: false; code: 'url_refused'; field: 'url'; error: string };
type EndpointDetails = { url: string; description?: string; eventTypes: WebhookEventType[] };
/** Which addresses an endpoint may be at: the configuration's, unless a test names another policy or resolver. */
export type EndpointTargetOptions = { outbound?: OutboundPolicy; resolve?: HostResolver };

const NO_ENDPOINT: WebhookFailure = { ok: false, code: 'not_found', error: 'This endpoint no longer exists.' };

function audit(actor: StaffActor, endpointId: string) {
  return { ...auditedAs(actor), target: { type: 'webhook_endpoint', id: endpointId } };
}

/** Every endpoint with how its deliveries stand, newest first. */
export async function listWebhookEndpoints() {
  const endpoints = await db.webhookEndpoint.findMany({
    orderBy: { createdAt: 'desc' },
    select: {
      id: true, url: true, description: true, eventTypes: true, enabled: true, createdAt: true,
      _count: { select: { deliveries: { where: { status: 'failed' } } } },
    },
  });
  const waiting = await db.webhookDelivery.groupBy({ by: ['endpointId'], where: { status: { in: ['pending', 'delivering'] } }, _count: true });
  const waitingBy = new Map(waiting.map((w) => [w.endpointId, w._count]));
  return endpoints.map(({ _count, eventTypes, ...e }) => ({ ...e, eventTypes: parseEventTypes(eventTypes), failed: _count.deliveries, waiting: waitingBy.get(e.id) ?? 0 }));
}

/** One endpoint (never its secret) with its latest deliveries and their attempts. */
export async function findWebhookEndpoint(id: string, deliveries = 50) {
  const endpoint = await db.webhookEndpoint.findUnique({
    where: { id },
    select: {
      id: true, url: true, description: true, eventTypes: true, enabled: true, createdAt: true, updatedAt: true,
      deliveries: {
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: deliveries,
        select: {
          id: true, status: true, attempts: true, nextAttemptAt: true, lastStatusCode: true, lastError: true, createdAt: true, updatedAt: true,
          event: { select: { id: true, type: true } },
          attemptLog: { orderBy: { attemptedAt: 'desc' }, take: 10, select: { id: true, attemptedAt: true, statusCode: true, error: true, durationMs: true } },
        },
      },
    },
  });
  return endpoint && { ...endpoint, eventTypes: parseEventTypes(endpoint.eventTypes) };
}

/**
 * An endpoint's URL must point where the dispatcher will be allowed to send, so an
 * administrator hears it beside the field. It is checked again at every send: a name
 * can resolve elsewhere later.
 */
async function refusedUrl(url: string, options: EndpointTargetOptions): Promise<WebhookFailure | null> {
  const vetted = await vetOutboundUrl(url, options.outbound ?? config().webhooks.outbound, options.resolve);
  if (vetted.ok) return null;
  const error =
    vetted.reason === 'private_network'
      ? 'This address is on a private network (this machine, the local network or cloud metadata), which this server does not send to.'
      : vetted.reason === 'not_found'
        ? 'This host name cannot be found. Check the URL.'
        : 'Use an https:// URL on the public internet.';
  return { ok: false, code: 'url_refused', field: 'url', error };
}

/** Registers an endpoint; the signing secret is returned this once and stored only encrypted. */
export async function createWebhookEndpoint(input: EndpointDetails, actor: StaffActor, options: EndpointTargetOptions = {}): Promise<{ ok: true; id: string; secret: string } | WebhookFailure> {
  const refusal = await refusedUrl(input.url, options);
  if (refusal) return refusal;
  const endpointId = newRecordId();
  const { secret, secretEncrypted } = newSigningSecret(endpointId);
  const id = await db.$transaction(async (tx) => {
    const endpoint = await tx.webhookEndpoint.create({
      data: { id: endpointId, url: input.url, description: input.description || null, eventTypes: input.eventTypes.join(','), secretEncrypted, createdById: actor.id },
    });
    await recordAudit(tx, { action: 'webhook.endpoint_created', metadata: { url: input.url, events: input.eventTypes.join(',') }, ...audit(actor, endpoint.id) });
    return endpoint.id;
  });
  return { ok: true as const, id, secret };
}

export async function updateWebhookEndpoint(id: string, input: EndpointDetails, actor: StaffActor, options: EndpointTargetOptions = {}): Promise<{ ok: true } | WebhookFailure> {
  const refusal = await refusedUrl(input.url, options);
  if (refusal) return refusal;
  return db.$transaction(async (tx) => {
    const updated = await tx.webhookEndpoint.updateMany({
      where: { id },
      data: { url: input.url, description: input.description || null, eventTypes: input.eventTypes.join(',') },
    });
    if (updated.count === 0) return NO_ENDPOINT;
    await recordAudit(tx, { action: 'webhook.endpoint_updated', metadata: { url: input.url, events: input.eventTypes.join(',') }, ...audit(actor, id) });
    return { ok: true as const };
  });
}

/** Turns sending on or off; while off, deliveries wait and new events are not queued for it. */
export async function setWebhookEndpointEnabled(id: string, enabled: boolean, actor: StaffActor): Promise<{ ok: true } | WebhookFailure> {
  return db.$transaction(async (tx) => {
    const updated = await tx.webhookEndpoint.updateMany({ where: { id }, data: { enabled } });
    if (updated.count === 0) return NO_ENDPOINT;
    await recordAudit(tx, { action: 'webhook.endpoint_updated', metadata: { enabled }, ...audit(actor, id) });
    return { ok: true as const };
  });
}

/** Deletes an endpoint with its delivery log. */
export async function deleteWebhookEndpoint(id: string, actor: StaffActor): Promise<{ ok: true } | WebhookFailure> {
  return db.$transaction(async (tx) => {
    const endpoint = await tx.webhookEndpoint.findUnique({ where: { id }, select: { url: true } });
    if (!endpoint) return NO_ENDPOINT;
    await tx.webhookEndpoint.delete({ where: { id } });
    await recordAudit(tx, { action: 'webhook.endpoint_deleted', metadata: { url: endpoint.url }, ...audit(actor, id) });
    return { ok: true as const };
  });
}

/**
 * Replaces the signing secret at once; the new one is returned this once. Deliveries still
 * waiting are signed with the new secret when they go out.
 */
export async function rotateWebhookSecret(id: string, actor: StaffActor): Promise<{ ok: true; secret: string } | WebhookFailure> {
  const { secret, secretEncrypted } = newSigningSecret(id);
  return db.$transaction(async (tx) => {
    const updated = await tx.webhookEndpoint.updateMany({ where: { id }, data: { secretEncrypted } });
    if (updated.count === 0) return NO_ENDPOINT;
    await recordAudit(tx, { action: 'webhook.secret_rotated', ...audit(actor, id) });
    return { ok: true as const, secret };
  });
}

/**
 * Queues a delivery again, due now, with a fresh retry schedule. It keeps its event, so the
 * receiver sees the same webhook-id and can tell a resend from a new event.
 */
export async function resendWebhookDelivery(endpointId: string, deliveryId: string, actor: StaffActor): Promise<{ ok: true } | WebhookFailure> {
  return db.$transaction(async (tx) => {
    const delivery = await tx.webhookDelivery.findFirst({ where: { id: deliveryId, endpointId }, select: { endpointId: true, eventId: true, status: true } });
    if (!delivery) return { ok: false as const, code: 'not_found' as const, error: 'This delivery no longer exists.' };
    const queued = await tx.webhookDelivery.updateMany({
      // A delivery being sent right now is left to finish; its dispatcher would overwrite the change.
      where: { id: deliveryId, status: { not: 'delivering' } },
      data: { status: 'pending', attempts: 0, nextAttemptAt: new Date(), lockedUntil: null },
    });
    if (queued.count === 0) return { ok: false as const, code: 'busy' as const, error: 'This delivery is being sent right now. Try again in a moment.' };
    await recordAudit(tx, { action: 'webhook.delivery_resent', metadata: { deliveryId, eventId: delivery.eventId, previousStatus: delivery.status }, ...audit(actor, delivery.endpointId) });
    return { ok: true as const };
  });
}
