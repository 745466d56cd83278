import 'server-only';
import { Webhook } from 'standardwebhooks';
import { config } from '@/lib/config';
import { db } from '@/lib/db/client';
import { describeOutboundFailure, fetchOutbound, type HostResolver, type OutboundPolicy } from '@/lib/http/outbound-guard';
import { afterAttempt, claimDue, runClaims, runEvery, runUntilIdle, settleClaim, type Claim, type Outcome, type WorkSummary, type WorkTable } from '@/lib/jobs/claim';
import { WEBHOOK_RETRY } from './retry-schedule';
import { signingSecretOf } from './signing-secret';

const REQUEST_TIMEOUT_MS = 10_000;
const BATCH_SIZE = 25;

export type DispatchOptions = {
  /** The clock for scheduling (tests move it forward instead of waiting); signatures always use the real time. */
  now?: () => Date;
  batchSize?: number;
  timeoutMs?: number;
  /** Which addresses endpoints may be at; the configuration's unless a test names another. */
  outbound?: OutboundPolicy;
  /** How endpoint host names are resolved; the system resolver unless a test maps names itself. */
  resolve?: HostResolver;
};

type Target = { policy: OutboundPolicy; resolve?: HostResolver; timeoutMs: number };

export type DispatchSummary = WorkSummary;

type DeliveryResult = { lastStatusCode: number | null; lastError: string | null };

/** Deliveries as a table of work (lib/jobs/claim.ts): due only while their endpoint is enabled. */
const deliveries: WorkTable<Partial<DeliveryResult>> = {
  running: 'delivering',
  dueIds: async (due, limit) =>
    (
      await db.webhookDelivery.findMany({
        where: { ...due, endpoint: { enabled: true } },
        orderBy: { nextAttemptAt: 'asc' },
        select: { id: true },
        take: limit,
      })
    ).map((d) => d.id),
  update: (client, where, data) => client.webhookDelivery.updateMany({ where, data }),
};

type PostResult = { statusCode: number | null; error: string | null; durationMs: number };

/**
 * One signed POST (Standard Webhooks: webhook-id, webhook-timestamp, webhook-signature),
 * through the outbound guard: the endpoint's host is resolved and checked now, at send
 * time, whatever it resolved to when it was registered. The log keeps a status code or a
 * short reason, never the error's own text (it can name internal addresses).
 */
async function post(url: string, secret: string, eventId: string, body: string, target: Target): Promise<PostResult> {
  const started = Date.now();
  const sentAt = new Date();
  try {
    const response = await fetchOutbound(
      url,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Gatehouse-Webhooks/1',
          'webhook-id': eventId,
          'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
          'webhook-signature': new Webhook(secret).sign(eventId, sentAt, body),
        },
        body,
      },
      target.policy,
      // A redirect is an answer, not an instruction: following it could send signed data elsewhere (the guard never follows one).
      { timeoutMs: target.timeoutMs, resolve: target.resolve, statusOnly: true },
    );
    const ok = response.status >= 200 && response.status < 300;
    return { statusCode: response.status, error: ok ? null : `The endpoint answered HTTP ${response.status}`, durationMs: Date.now() - started };
  } catch (error) {
    return { statusCode: null, error: describeOutboundFailure(error), durationMs: Date.now() - started };
  }
}

/** The endpoint's secret, or null when it cannot be decrypted: then the attempt fails and is logged like any other. */
function readableSecret(endpoint: { id: string; secretEncrypted: string }) {
  try {
    return signingSecretOf(endpoint);
  } catch (error) {
    console.error('webhook signing secret unreadable:', error);
    return null;
  }
}

async function deliver(claim: Claim, now: () => Date, target: Target): Promise<Outcome | 'lost'> {
  const delivery = await db.webhookDelivery.findUniqueOrThrow({ where: { id: claim.id }, include: { event: true, endpoint: true } });
  const secret = readableSecret(delivery.endpoint);
  const outcome = secret
    ? await post(delivery.endpoint.url, secret, delivery.event.id, delivery.event.payload, target)
    : { statusCode: null, error: 'The signing secret cannot be decrypted (was AUTH_SECRET changed without AUTH_SECRET_PREVIOUS, or the secret copied from another endpoint?). Rotate the secret.', durationMs: 0 };
  const ok = outcome.statusCode !== null && outcome.statusCode >= 200 && outcome.statusCode < 300;
  const finishedAt = now();
  const next = afterAttempt({ ok, attempts: delivery.attempts + 1 }, WEBHOOK_RETRY, finishedAt);
  return db.$transaction(async (tx) => {
    await tx.webhookAttempt.create({ data: { deliveryId: claim.id, attemptedAt: finishedAt, ...outcome } });
    const settled = await settleClaim(deliveries, tx, claim, { ...next.data, lastStatusCode: outcome.statusCode, lastError: outcome.error });
    return settled ? next.outcome : 'lost';
  });
}

/** Sends every delivery that is due now, once; returns what happened. */
export async function dispatchDueDeliveries(options: DispatchOptions = {}): Promise<DispatchSummary> {
  const now = options.now ?? (() => new Date());
  const timeoutMs = options.timeoutMs ?? REQUEST_TIMEOUT_MS;
  const target: Target = { policy: options.outbound ?? config().webhooks.outbound, resolve: options.resolve, timeoutMs };
  const claims = await claimDue(deliveries, db, now(), options.batchSize ?? BATCH_SIZE);
  return runClaims(claims, (claim) => deliver(claim, now, target), 'webhook delivery failed to run');
}

/** Dispatches until nothing is due (the CLI). Deliveries scheduled for later are left for later. */
export function dispatchUntilIdle(options: DispatchOptions = {}): Promise<DispatchSummary> {
  return runUntilIdle(() => dispatchDueDeliveries(options));
}

/**
 * Dispatches in this process every WEBHOOK_DISPATCH_INTERVAL_SECONDS (0 turns it off).
 * Every app instance may run one: claims keep them from sending a delivery twice.
 */
export function startWebhookDispatcher() {
  runEvery('webhooks', config().webhooks.dispatchIntervalSeconds, () => dispatchUntilIdle(), 'webhook dispatch failed');
}
