import 'server-only';
import { withTransaction, type DbOrTx } from '@/lib/db/client';
import { parseEventTypes, type WebhookEventData, type WebhookEventType, type WebhookPayload } from './events';

/**
 * Writes an event to the outbox with one delivery per enabled endpoint subscribed to its
 * type, in the caller's transaction: the event exists exactly when the change it reports
 * committed (the transactional outbox), and the dispatcher sends it afterwards. With no
 * subscriber nothing is written, so busy events (sign-ins) cost one indexed read.
 */
export async function emitWebhookEvent<T extends WebhookEventType>(tx: DbOrTx, type: T, data: WebhookEventData[T]) {
  return withTransaction(tx, async (t) => {
    const endpoints = await t.webhookEndpoint.findMany({ where: { enabled: true }, select: { id: true, eventTypes: true } });
    const subscribed = endpoints.filter((e) => parseEventTypes(e.eventTypes).includes(type));
    if (subscribed.length === 0) return null;
    const timestamp = new Date();
    const payload: WebhookPayload<T> = { type, timestamp: timestamp.toISOString(), data };
    const event = await t.webhookEvent.create({ data: { type, payload: JSON.stringify(payload), createdAt: timestamp } });
    await t.webhookDelivery.createMany({
      data: subscribed.map((e) => ({ eventId: event.id, endpointId: e.id, nextAttemptAt: timestamp })),
    });
    return event.id;
  });
}
