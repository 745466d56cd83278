import { z } from 'zod';
import { ALL_WEBHOOK_EVENT_TYPES, type WebhookEventType } from '@/lib/webhooks/events';

// Webhook endpoint forms and their server actions. Safe client-side: the catalogue is plain data.

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** HTTPS, except plain HTTP to this machine for development receivers. */
export const webhookUrlSchema = z
  .string({ error: "Enter the endpoint's URL." })
  .trim()
  .min(1, "Enter the endpoint's URL.")
  .max(2000, 'A URL can be at most 2000 characters.')
  .pipe(z.url({ error: 'Enter a full URL, like https://example.com/webhooks.' }))
  .refine((value) => {
    const url = new URL(value);
    return url.protocol === 'https:' || (url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname));
  }, 'Use an https:// URL (plain http:// only for localhost or 127.0.0.1 while developing).')
  .refine((value) => {
    const url = new URL(value);
    return !url.username && !url.password;
  }, 'Leave credentials out of the URL: receivers check the signature instead.');

const eventTypeSet = z
  .array(z.string())
  .max(ALL_WEBHOOK_EVENT_TYPES.length)
  .refine((list) => list.every((t) => (ALL_WEBHOOK_EVENT_TYPES as string[]).includes(t)), 'Choose events from the list only.')
  .refine((list) => list.length > 0, 'Choose at least one event to send.')
  .transform((list) => [...new Set(list)] as WebhookEventType[]);

export const webhookEndpointSchema = z.object({
  url: webhookUrlSchema,
  description: z.string().trim().max(200, 'A description can be at most 200 characters.').optional(),
  eventTypes: eventTypeSet,
});
export type WebhookEndpointInput = z.input<typeof webhookEndpointSchema>;

/** Ids of endpoints and deliveries, from URLs and button arguments. */
export const webhookIdSchema = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/);
