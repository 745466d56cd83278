// The webhook event catalogue, defined once: what an administrator can subscribe to and
// what each event's `data` carries. Plain data, safe to import in client forms.
//
// Payloads are "thin" (Standard Webhooks' recommendation for sensitive data): ids and
// non-personal facts only, never emails, names or secrets. A receiver that needs more reads
// it through the management API, so what it holds follows the user's current data and an
// erasure, instead of copies lingering in the outbox and in every receiver's logs.

export const WEBHOOK_EVENT_TYPES = {
  'user.created': 'An account was created',
  'user.updated': 'An account changed: email, verification, status or profile fields',
  'user.deleted': "An account's personal data was erased",
  'consent.updated': 'Someone accepted a document or gave or withdrew consent',
  'session.created': 'Someone signed in',
  'session.revoked': 'A session ended: sign-out, revocation or a security event',
  'role.assigned': 'A person was given a role',
  'role.removed': 'A role was taken from a person',
} as const;

export type WebhookEventType = keyof typeof WEBHOOK_EVENT_TYPES;
export const ALL_WEBHOOK_EVENT_TYPES = Object.keys(WEBHOOK_EVENT_TYPES) as WebhookEventType[];

/** The `data` of each event type, so emitters cannot send a shape receivers do not expect. */
export type WebhookEventData = {
  'user.created': { userId: string; method: string };
  'user.updated': { userId: string; changes: string[]; status?: string };
  'user.deleted': { userId: string };
  'consent.updated': { userId: string; purpose: string; version: number; granted: boolean; source: string };
  'session.created': { userId: string; sessionId: string; methods: string[] };
  'session.revoked': { userId: string; sessionId: string; reason: string };
  'role.assigned': { userId: string; role: string };
  'role.removed': { userId: string; role: string };
};

/** The delivered body, in Standard Webhooks' payload shape. */
export type WebhookPayload<T extends WebhookEventType = WebhookEventType> = { type: T; timestamp: string; data: WebhookEventData[T] };

export function isWebhookEventType(value: string): value is WebhookEventType {
  return Object.hasOwn(WEBHOOK_EVENT_TYPES, value);
}

/** Endpoints store their subscription as comma-separated types; unknown ones (from an older version) are dropped. */
export function parseEventTypes(stored: string): WebhookEventType[] {
  return stored.split(',').filter(isWebhookEventType);
}
